import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox of idempotent consumers, and the campaign metrics projection. */
export class Reporting1763890004000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    // One row per (consumer, event) processed, written in the consumer's own transaction.
    await q.query(`
      CREATE TABLE event_inbox (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    // One row per campaign, every column derived from its events (so a rebuild can be compared
    // with it row by row). Durations are whole milliseconds of closed periods.
    await q.query(`
      CREATE TABLE campaign_stats (
        campaign_id        uuid          PRIMARY KEY,
        brand_id           text          NOT NULL,
        status             text          NOT NULL,
        version            integer       NOT NULL CHECK (version > 0),
        status_since       timestamptz   NOT NULL,
        created_at         timestamptz   NOT NULL,
        scheduled_at       timestamptz,
        planned_start_at   timestamptz,
        planned_end_at     timestamptz,
        first_activated_at timestamptz,
        finished_at        timestamptz,
        cancelled_at       timestamptz,
        deleted_at         timestamptz,
        active_ms          bigint        NOT NULL CHECK (active_ms >= 0),
        paused_ms          bigint        NOT NULL CHECK (paused_ms >= 0),
        pauses             integer       NOT NULL CHECK (pauses >= 0),
        sales_count        bigint        NOT NULL,
        sales_amount       numeric(20,2) NOT NULL,
        engagement         bigint        NOT NULL,
        budget_spent       numeric(20,2) NOT NULL,
        last_event_at      timestamptz   NOT NULL
      )`);
    // Named as PostgreSQL would name it: a rebuilt copy's index is renamed back by prefix.
    await q.query(`CREATE INDEX campaign_stats_brand_id_status_deleted_at_idx ON campaign_stats (brand_id, status, deleted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_stats`);
    await q.query(`DROP TABLE event_inbox`);
  }
}
