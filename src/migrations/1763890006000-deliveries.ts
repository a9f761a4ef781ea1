import type { MigrationInterface, QueryRunner } from 'typeorm';

// The provider idempotency key of delivery-idempotency.ts, computed by PostgreSQL so set-based
// fan-out and retries never need a round trip to build it.
const compact = (column: string) => `rtrim(translate(encode(uuid_send(${column}), 'base64'), '+/', '-_'), '=')`;
const IDEMPOTENCY_KEY_SQL = `'v1.' || ${compact('campaign_id')} || '.' || ${compact('lead_id')} || '.' || attempt::text`;

/**
 * The dispatch work queue: one delivery per campaign audience member, whose `attempt` grows with
 * each retry (delivery-status.ts), and one `delivery_attempts` row per attempt that reached an
 * outcome, so every attempt is recorded.
 */
export class Deliveries1763890006000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id                uuid        PRIMARY KEY,
        brand_id          text        NOT NULL,
        campaign_id       uuid        NOT NULL,
        lead_id           uuid        NOT NULL,
        sender_id         uuid,
        attempt           integer     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        status            text        NOT NULL DEFAULT 'queued'
                          CHECK (status IN ('queued', 'sending', 'succeeded', 'failed', 'cancelled', 'expired')),
        scheduled_at      timestamptz NOT NULL,
        locked_until      timestamptz,
        claim_token       uuid,
        started_at        timestamptz,
        finished_at       timestamptz,
        outcome           text,
        error             text,
        provider_ref      text,
        idempotency_key   text        GENERATED ALWAYS AS (${IDEMPOTENCY_KEY_SQL}) STORED,
        -- Copied at fan-out so the claim orders by one index without joining the campaign and its audience.
        campaign_priority integer     NOT NULL,
        member_priority   integer     NOT NULL,
        created_at        timestamptz NOT NULL,
        -- One delivery per member: its attempts are rows of delivery_attempts, so (campaign, lead, attempt) is unique too.
        CONSTRAINT deliveries_campaign_lead_key UNIQUE (campaign_id, lead_id)
      )`);
    // The claim: due queued deliveries, highest campaign priority, then member priority, then oldest due.
    await q.query(`CREATE INDEX deliveries_claim_idx ON deliveries (campaign_priority DESC, member_priority DESC, scheduled_at) WHERE status = 'queued'`);
    // Lease expiry sweep: only deliveries a worker holds.
    await q.query(`CREATE INDEX deliveries_leases_idx ON deliveries (locked_until) WHERE status = 'sending'`);
    // Cancel/expire of a campaign, the exhaustion check and the API's status filter.
    await q.query(`CREATE INDEX deliveries_campaign_status_idx ON deliveries (campaign_id, status)`);

    await q.query(`
      CREATE TABLE delivery_attempts (
        delivery_id  uuid        NOT NULL,
        brand_id     text        NOT NULL,
        campaign_id  uuid        NOT NULL,
        lead_id      uuid        NOT NULL,
        attempt      integer     NOT NULL,
        started_at   timestamptz,
        finished_at  timestamptz NOT NULL,
        result       text        NOT NULL,
        outcome      text,
        error        text,
        provider_ref text,
        PRIMARY KEY (delivery_id, attempt),
        CONSTRAINT delivery_attempts_campaign_lead_attempt_key UNIQUE (campaign_id, lead_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE deliveries`);
  }
}
