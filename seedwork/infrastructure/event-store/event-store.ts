import { ConcurrencyError, type DomainEvent, type BrandScope } from '../../domain/index.js';
import type { EventHistory, HistoryEvent } from '../../application/index.js';
import { prepared, type Database } from '../database/database.js';
import { currentTransaction } from '../database/transaction-context.js';

/** What the log stores besides the event itself: who caused it and in which request. */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: { sub: string; role: string };
}

/** An event as read back from the log. */
export interface StoredEvent extends DomainEvent {
  readonly position: string;
  readonly metadata: EventMetadata;
}

interface EventRow {
  position: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  brand_id: string;
  payload: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
}

// One statement for any number of events: unnest turns parallel arrays into rows, in order.
const APPEND = prepared('domain_events_append', `INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type,
   schema_version, brand_id, payload, metadata, occurred_at)
 SELECT e.event_id, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.event_type,
   e.schema_version, e.brand_id, e.payload, $9::jsonb, e.occurred_at
 FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::int[], $7::text[], $8::jsonb[], $10::timestamptz[])
   WITH ORDINALITY AS e(event_id, aggregate_type, aggregate_id, aggregate_version, event_type,
     schema_version, brand_id, payload, occurred_at, n)
 ORDER BY e.n`);

const COLUMNS = `position::text AS position, event_id, event_type, schema_version, aggregate_type, aggregate_id,
  aggregate_version, brand_id, payload, metadata, occurred_at`;

/** Maps a `domain_events` row to a StoredEvent. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: row.position,
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    brandId: row.brand_id,
    occurredAt: row.occurred_at,
    data: row.payload,
    metadata: row.metadata,
  };
}

/**
 * `domain_events` is the event store and the outbox at once: appending in the aggregate's
 * transaction is what makes "state changed" and "event will be published" the same fact.
 */
export class EventStore implements EventHistory {
  constructor(private readonly db: Database) {}

  /** Appends events in the current transaction, with the unit of work's actor and correlation id. */
  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const tx = currentTransaction();
    if (!tx) throw new Error('EventStore.append must run inside a unit of work');
    const { actor, correlationId, causationId } = tx.execution;
    const metadata: EventMetadata = { correlationId, causationId: causationId ?? null, actor: { sub: actor.sub, role: actor.role } };
    try {
      await this.db.execute(APPEND, [
        events.map((e) => e.eventId),
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map((e) => e.aggregateVersion),
        events.map((e) => e.eventType),
        events.map((e) => e.schemaVersion),
        events.map((e) => e.brandId),
        events.map((e) => JSON.stringify(e.data)),
        JSON.stringify(metadata),
        events.map((e) => e.occurredAt),
      ]);
    } catch (error) {
      // Two writers appended the same aggregate version: the later one lost the race.
      if ((error as { constraint?: string }).constraint === 'domain_events_aggregate_version_key') {
        throw new ConcurrencyError(events[0]!.aggregateType, events[0]!.aggregateId);
      }
      throw error;
    }
  }

  /** One aggregate's events, oldest first, after a version (its audit trail), within the caller's brands. */
  async ofAggregate(aggregateType: string, aggregateId: string, scope: BrandScope, afterVersion: number, limit: number): Promise<HistoryEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM domain_events
        WHERE aggregate_id = $1 AND aggregate_type = $2 AND aggregate_version > $3 AND ($4::text[] IS NULL OR brand_id = ANY($4))
        ORDER BY aggregate_version LIMIT $5`,
      [aggregateId, aggregateType, afterVersion, scope === 'all' ? null : scope, limit],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      eventType: row.event_type,
      schemaVersion: row.schema_version,
      aggregateVersion: row.aggregate_version,
      occurredAt: row.occurred_at.toISOString(),
      correlationId: row.metadata.correlationId,
      causationId: row.metadata.causationId,
      actor: row.metadata.actor,
      data: row.payload,
    }));
  }
}
