import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the outbox relay needs besides `domain_events` itself: its checkpoints, and one
 * statement-level trigger that wakes it and gives every writer its transaction id early.
 */
export class OutboxRelay1763890002000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    // One row per relay (sink): every event up to `position` has been published.
    await q.query(`
      CREATE TABLE outbox_checkpoints (
        name       text        PRIMARY KEY,
        position   bigint      NOT NULL CHECK (position >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // BEFORE STATEMENT runs before the INSERT draws any position from the identity sequence, so
    // (1) pg_current_xact_id() gives the writer its transaction id before its first position: the
    //     relay's gap-free rule relies on that (see outbox-store.ts);
    // (2) pg_notify wakes listening relays when the writer commits (identical notifications of one
    //     transaction are folded into one; a rolled-back writer notifies nobody).
    await q.query(`
      CREATE FUNCTION domain_events_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_current_xact_id();
        PERFORM pg_notify('domain_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER domain_events_before_insert BEFORE INSERT ON domain_events
        FOR EACH STATEMENT EXECUTE FUNCTION domain_events_before_insert()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER domain_events_before_insert ON domain_events`);
    await q.query(`DROP FUNCTION domain_events_before_insert()`);
    await q.query(`DROP TABLE outbox_checkpoints`);
  }
}
