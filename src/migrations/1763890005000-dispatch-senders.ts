import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channels: senders (a brand's outbound identities), provider callbacks recorded as they arrive
 * (verified webhooks and the simulated provider's reports), and the simulated provider's own
 * ledger of the idempotency keys it was sent.
 */
export class DispatchSenders1763890005000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE senders (
        id              uuid             PRIMARY KEY,
        brand_id        text             NOT NULL,
        channel         text             NOT NULL,
        provider        text             NOT NULL,
        address         text             NOT NULL,
        rate_per_second double precision NOT NULL,
        daily_cap       integer,
        status          text             NOT NULL,
        version         integer          NOT NULL,
        created_at      timestamptz      NOT NULL,
        updated_at      timestamptz      NOT NULL,
        CONSTRAINT senders_channel_check CHECK (channel IN ('call', 'whatsapp', 'telegram', 'email', 'sms')),
        CONSTRAINT senders_provider_check CHECK (provider IN ('simulated', 'twilio', 'telegram', 'smtp')),
        CONSTRAINT senders_status_check CHECK (status IN ('active', 'disabled')),
        CONSTRAINT senders_rate_check CHECK (rate_per_second > 0 AND rate_per_second <= 1000),
        CONSTRAINT senders_daily_cap_check CHECK (daily_cap >= 1)
      )`);
    // One sender per identity: the rate limit and daily cap of an address live in one row.
    await q.query(`CREATE UNIQUE INDEX senders_brand_channel_address_key ON senders (brand_id, channel, address)`);
    await q.query(`CREATE INDEX senders_brand_created_idx ON senders (brand_id, created_at DESC, id DESC)`);

    // Every verified callback, once per provider event (a repeat or a late copy is a no-op), so
    // nothing a provider reported is lost before dispatch acts on it; `processed_at` marks what
    // dispatch has applied. brand_id is null only when the callback named no brand.
    await q.query(`
      CREATE TABLE provider_callbacks (
        id           uuid        PRIMARY KEY,
        provider     text        NOT NULL,
        kind         text        NOT NULL CHECK (kind IN ('call_status', 'message_status', 'inbound_message')),
        event_key    text        NOT NULL,
        brand_id     text,
        sender_id    uuid,
        delivery_id  uuid,
        provider_ref text        NOT NULL,
        status       text,
        occurred_at  timestamptz,
        received_at  timestamptz NOT NULL,
        event        jsonb       NOT NULL,
        processed_at timestamptz,
        CONSTRAINT provider_callbacks_event_key UNIQUE (provider, event_key)
      )`);
    await q.query(`CREATE INDEX provider_callbacks_unprocessed_idx ON provider_callbacks (received_at) WHERE processed_at IS NULL`);
    await q.query(`CREATE INDEX provider_callbacks_ref_idx ON provider_callbacks (provider, provider_ref)`);

    // The simulated provider's side: how often each idempotency key was sent and how it ended
    // (null when the writer did not say), shared by every worker process, so "reached exactly
    // once" can be checked across crashes.
    await q.query(`
      CREATE TABLE simulated_sends (
        idempotency_key text        PRIMARY KEY,
        brand_id        text        NOT NULL,
        outcome         text,
        sends           integer     NOT NULL,
        first_sent_at   timestamptz NOT NULL,
        last_sent_at    timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE simulated_sends`);
    await q.query(`DROP TABLE provider_callbacks`);
    await q.query(`DROP TABLE senders`);
  }
}
