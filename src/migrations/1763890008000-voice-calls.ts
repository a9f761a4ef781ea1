import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voice calls, and what acting on provider callbacks needs: a call per delivery attempt that
 * placed one, a retry schedule for callbacks that name nothing known yet, and the delivery
 * columns a message status report moves.
 */
export class VoiceCalls1763890008000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE voice_calls (
        id               uuid        PRIMARY KEY,
        brand_id         text        NOT NULL,
        campaign_id      uuid        NOT NULL,
        lead_id          uuid        NOT NULL,
        delivery_id      uuid        NOT NULL,
        delivery_attempt integer     NOT NULL,
        phone            text        NOT NULL,
        provider_call_id text        NOT NULL,
        status           text        NOT NULL,
        duration_seconds integer,
        failure_reason   text,
        recording_url    text,
        transcript       jsonb,
        summary          text,
        outcome          jsonb,
        started_at       timestamptz NOT NULL,
        completed_at     timestamptz,
        updated_at       timestamptz NOT NULL,
        version          integer     NOT NULL,
        CONSTRAINT voice_calls_status_check
          CHECK (status IN ('initiated', 'ringing', 'answered', 'completed', 'failed', 'no_answer', 'busy', 'cancelled')),
        CONSTRAINT voice_calls_delivery_attempt_check CHECK (delivery_attempt >= 1)
      )`);
    // One call per delivery attempt: starting calls again after a retried transaction adds none.
    await q.query(`CREATE UNIQUE INDEX voice_calls_delivery_attempt_key ON voice_calls (delivery_id, delivery_attempt)`);
    // Status callbacks find their call by the provider's id.
    await q.query(`CREATE UNIQUE INDEX voice_calls_provider_call_key ON voice_calls (provider_call_id)`);
    // The lists: a campaign's and a lead's calls, newest first (ids are time-ordered UUIDv7).
    await q.query(`CREATE INDEX voice_calls_campaign_idx ON voice_calls (campaign_id, id)`);
    await q.query(`CREATE INDEX voice_calls_lead_idx ON voice_calls (lead_id, id)`);

    // Callbacks are applied by a worker loop: one that names nothing known yet (it overtook the
    // recording of its send) is tried again at `retry_at`, and settled with a `result` in the end.
    // Inbound messages are acted on when received (InboundMessageReceiver), so the loop's index
    // leaves them out.
    await q.query(`
      ALTER TABLE provider_callbacks
        ADD COLUMN attempts   integer NOT NULL DEFAULT 0,
        ADD COLUMN retry_at   timestamptz,
        ADD COLUMN result     text CONSTRAINT provider_callbacks_result_check CHECK (result IN ('applied', 'ignored', 'unmatched', 'failed')),
        ADD COLUMN last_error text`);
    await q.query(`DROP INDEX provider_callbacks_unprocessed_idx`);
    await q.query(`CREATE INDEX provider_callbacks_due_idx ON provider_callbacks (received_at) WHERE processed_at IS NULL AND kind <> 'inbound_message'`);

    // Message status reports after the send: how many were applied (each is an event of the
    // Delivery aggregate, whose versions continue after the attempt that succeeded), and the
    // lookup of a callback that names no delivery.
    await q.query(`ALTER TABLE deliveries ADD COLUMN outcome_reports integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX deliveries_provider_ref_idx ON deliveries (provider_ref) WHERE provider_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_provider_ref_idx`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN outcome_reports`);
    await q.query(`DROP INDEX provider_callbacks_due_idx`);
    await q.query(`CREATE INDEX provider_callbacks_unprocessed_idx ON provider_callbacks (received_at) WHERE processed_at IS NULL`);
    await q.query(`ALTER TABLE provider_callbacks DROP COLUMN last_error, DROP COLUMN result, DROP COLUMN retry_at, DROP COLUMN attempts`);
    await q.query(`DROP TABLE voice_calls`);
  }
}
