import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Send limits shared by every worker process: each sender's token bucket and count of the UTC
 * day, each capped campaign's count of its day. The claim's reservation (pg-send-limits.ts)
 * locks the rows it needs and updates them in one statement, so no process keeps limits in
 * memory and no two processes can spend the same budget. Plus the campaign's own choice of
 * senders (`senderIds`).
 */
export class DispatchLimits1763890007000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    // Null: every active sender of the brand on the campaign's channel.
    await q.query(`ALTER TABLE campaigns ADD COLUMN sender_ids uuid[]`);

    // One row per sender that was ever planned, created by the claim (full bucket). The bucket
    // holds `tokens` at `refilled_at` (capacity = one second's worth, at least one: token-bucket.ts).
    // `paced_until` ends the slots promised to deliveries waiting for tokens (sender-choice.ts).
    // `day_sent` counts the sends of UTC day `day`; a later day starts again from zero. No
    // foreign key, like deliveries.sender_id: a deleted sender leaves an inert row.
    await q.query(`
      CREATE TABLE sender_limits (
        sender_id   uuid             PRIMARY KEY,
        tokens      double precision NOT NULL,
        refilled_at timestamptz      NOT NULL,
        paced_until timestamptz      NOT NULL,
        day         date,
        day_sent    integer          NOT NULL DEFAULT 0 CHECK (day_sent >= 0)
      )`);

    // One row per campaign with a maxPerDay, created by the claim: the sends of `day`, a day of
    // the campaign's calling-window zone (daily-cap.ts).
    await q.query(`
      CREATE TABLE campaign_limits (
        campaign_id uuid    PRIMARY KEY,
        day         date,
        day_sent    integer NOT NULL DEFAULT 0 CHECK (day_sent >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_limits`);
    await q.query(`DROP TABLE sender_limits`);
    await q.query(`ALTER TABLE campaigns DROP COLUMN sender_ids`);
  }
}
