import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event store + outbox, and the Idempotency-Key records of the HTTP API. */
export class EventLog1763890000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain_events (
        position          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id          uuid        NOT NULL UNIQUE,
        aggregate_type    text        NOT NULL,
        aggregate_id      uuid        NOT NULL,
        aggregate_version integer     NOT NULL CHECK (aggregate_version > 0),
        event_type        text        NOT NULL,
        schema_version    integer     NOT NULL DEFAULT 1,
        brand_id          text        NOT NULL,
        payload           jsonb       NOT NULL,
        metadata          jsonb       NOT NULL,
        occurred_at       timestamptz NOT NULL,
        transaction_id    xid8        NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT domain_events_aggregate_version_key UNIQUE (aggregate_id, aggregate_version)
      )`);
    await q.query(`CREATE INDEX domain_events_brand_type_idx ON domain_events (brand_id, aggregate_type, position)`);
    // The log is append-only: history is evidence, so even the service's own role cannot rewrite it.
    await q.query(`
      CREATE FUNCTION domain_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'domain_events is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER domain_events_no_rewrite BEFORE UPDATE OR DELETE OR TRUNCATE ON domain_events
        FOR EACH STATEMENT EXECUTE FUNCTION domain_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        principal       text        NOT NULL,
        key             text        NOT NULL,
        request_hash    text        NOT NULL,
        response_status integer     NOT NULL,
        response_body   jsonb,
        response_headers jsonb      NOT NULL DEFAULT '{}',
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE domain_events`);
    await q.query(`DROP FUNCTION domain_events_append_only()`);
  }
}
