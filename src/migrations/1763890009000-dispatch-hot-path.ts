import type { MigrationInterface, QueryRunner } from 'typeorm';

// The generated column's expression, as 1763890006000-deliveries.ts created it (for down()).
const compact = (column: string) => `rtrim(translate(encode(uuid_send(${column}), 'base64'), '+/', '-_'), '=')`;
const IDEMPOTENCY_KEY_SQL = `'v1.' || ${compact('campaign_id')} || '.' || ${compact('lead_id')} || '.' || attempt::text`;

/**
 * Dispatch's hot path (claim → check → record) touches fewer index entries and cannot be planned
 * quadratically.
 *
 * - The per-campaign index of deliveries keeps only live ones (queued or sending), which is all
 *   the cancel/expire statement, the exhaustion check and "work left" look for (any delivery of a
 *   campaign: the (campaign_id, lead_id) unique index). A delivery reaching its outcome leaves it
 *   instead of being inserted into it once more, so it stays the size of the backlog.
 * - The lease index also requires `locked_until IS NOT NULL` (every sending delivery has a
 *   lease, so it holds the same entries). The expiry sweep (`locked_until < $1`) still implies
 *   that predicate; the send reservation (pg-send-limits.ts), which selects sending deliveries by
 *   id and claim token, no longer does. With the old index its generic plan scanned every leased
 *   delivery and matched it against the whole batch (`id = ANY(batch)` as a filter), because the statistics say almost
 *   nothing is sending: cost quadratic in the deliveries in flight. Now it takes one primary-key
 *   lookup per delivery. (The record leaves the redundant status filter out for the same reason.)
 * - The provider idempotency key is no longer a stored generated column: computing it cost the
 *   fan-out about a fifth of its time (two base64 encodings per row, for every member of the
 *   audience, and again whenever an update rewrote `attempt`), and only the claim reads it. The
 *   claim returns campaign, lead and attempt, and the worker derives the key with
 *   delivery-idempotency.ts, the function the column mirrored.
 */
export class DispatchHotPath1763890009000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_campaign_live_idx ON deliveries (campaign_id) WHERE status IN ('queued', 'sending')`);
    await q.query(`DROP INDEX deliveries_campaign_status_idx`);
    await q.query(`DROP INDEX deliveries_leases_idx`);
    await q.query(`CREATE INDEX deliveries_leases_idx ON deliveries (locked_until) WHERE status = 'sending' AND locked_until IS NOT NULL`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN idempotency_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries ADD COLUMN idempotency_key text GENERATED ALWAYS AS (${IDEMPOTENCY_KEY_SQL}) STORED`);
    await q.query(`DROP INDEX deliveries_leases_idx`);
    await q.query(`CREATE INDEX deliveries_leases_idx ON deliveries (locked_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX deliveries_campaign_status_idx ON deliveries (campaign_id, status)`);
    await q.query(`DROP INDEX deliveries_campaign_live_idx`);
  }
}
