import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The campaign's own choice of senders (`senderIds`). */
export class DispatchLimits1763890007000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    // Null: every active sender of the brand on the campaign's channel.
    await q.query(`ALTER TABLE campaigns ADD COLUMN sender_ids uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP COLUMN sender_ids`);
  }
}
