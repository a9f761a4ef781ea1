import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Current state of each campaign (the event log keeps its history). */
export class Campaigns1763890001000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id                uuid        PRIMARY KEY,
        brand_id          text        NOT NULL,
        name              text        NOT NULL,
        description       text        NOT NULL DEFAULT '',
        type              text        NOT NULL,
        objective         text        NOT NULL,
        channel           text        NOT NULL,
        status            text        NOT NULL,
        schedule_start_at timestamptz,
        schedule_end_at   timestamptz,
        calling_window    jsonb,
        retry_policy      jsonb       NOT NULL,
        budget            jsonb,
        max_per_day       integer,
        priority          integer     NOT NULL,
        script_template   text,
        metrics           jsonb       NOT NULL,
        cancel_reason     text,
        version           integer     NOT NULL,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    // Listing is newest first within a brand; the id breaks ties for stable cursors.
    await q.query(`CREATE INDEX campaigns_brand_created_idx ON campaigns (brand_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX campaigns_created_idx ON campaigns (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX campaigns_brand_status_idx ON campaigns (brand_id, status)`);
    // The scheduler's two scans touch only campaigns that are due.
    await q.query(`CREATE INDEX campaigns_due_start_idx ON campaigns (schedule_start_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX campaigns_due_end_idx ON campaigns (schedule_end_at) WHERE status IN ('active', 'paused') AND schedule_end_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaigns`);
  }
}
