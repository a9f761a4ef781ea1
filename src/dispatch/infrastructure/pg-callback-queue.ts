import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { CallbackQueue, DueCallback, QueuedReport, SettledResult } from '../application/provider-callback-processor.js';

// The reports due now (never tried, or their retry time come), longest waiting first on the
// partial index, then in the provider's own order per reference: its sequence number, or when
// it says the status happened. Inbound messages are acted on when received and never due here.
const DUE = prepared('provider_callbacks_due', `
  SELECT id, attempts, received_at FROM (
    SELECT id, attempts, received_at, provider_ref, event, occurred_at FROM provider_callbacks
     WHERE processed_at IS NULL AND kind <> 'inbound_message' AND coalesce(retry_at, received_at) <= $1
     ORDER BY received_at LIMIT $2
  ) due
  ORDER BY provider_ref, (event->>'sequenceNumber')::int NULLS LAST, occurred_at NULLS LAST, received_at`);

// SKIP LOCKED: a report another processor is applying is left to it.
const TAKE = prepared('provider_callbacks_take', `
  SELECT kind, event FROM provider_callbacks
   WHERE id = $1 AND processed_at IS NULL AND coalesce(retry_at, received_at) <= $2
     FOR UPDATE SKIP LOCKED`);

const SETTLE = prepared('provider_callbacks_settle', `
  UPDATE provider_callbacks SET processed_at = $2, result = $3, attempts = attempts + 1, retry_at = NULL, last_error = $4
   WHERE id = $1 AND processed_at IS NULL`);

const RETRY = prepared('provider_callbacks_retry', `
  UPDATE provider_callbacks SET attempts = attempts + 1, retry_at = $2, last_error = $3
   WHERE id = $1 AND processed_at IS NULL`);

/** The event as recorded: JSON, so its instant is text again. */
function reportOf(kind: QueuedReport['kind'], event: Record<string, unknown>): QueuedReport {
  const occurredAt = typeof event.occurredAt === 'string' ? new Date(event.occurredAt) : null;
  return { kind, event: { ...event, occurredAt } } as QueuedReport;
}

/** `provider_callbacks` as the processor's queue; each method runs in the caller's unit of work when there is one. */
export class PgCallbackQueue implements CallbackQueue {
  constructor(private readonly db: Database) {}

  async due(now: Date, limit: number): Promise<DueCallback[]> {
    const rows = await this.db.query<{ id: string; attempts: number; received_at: Date }>(DUE, [now, limit]);
    return rows.map((r) => ({ id: r.id, attempts: r.attempts, receivedAt: r.received_at }));
  }

  async take(id: string, now: Date): Promise<QueuedReport | null> {
    const [row] = await this.db.query<{ kind: QueuedReport['kind']; event: Record<string, unknown> }>(TAKE, [id, now]);
    return row ? reportOf(row.kind, row.event) : null;
  }

  async settle(id: string, result: SettledResult, now: Date, error?: string): Promise<void> {
    await this.db.execute(SETTLE, [id, now, result, error ?? null]);
  }

  async retryAt(id: string, at: Date, error: string | null): Promise<void> {
    await this.db.execute(RETRY, [id, at, error]);
  }
}
