import { ConcurrencyError, type DomainEvent, type BrandScope } from '../../domain/index.js';
import type { EventHistory, HistoryEvent } from '../../application/index.js';
import { prepared, type Database, type PreparedSql } from '../database/database.js';
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

const EVENT_COLUMNS = `event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at`;

/**
 * The INSERT of any number of events, its parameters numbered from `$first`: unnest turns the
 * parallel arrays into rows, in order. With a guard, rows are inserted only if the guard's
 * statement (an INSERT/UPDATE/DELETE … RETURNING of the aggregate's row) touched a row.
 */
function appendSql(first: number, guarded: boolean): string {
  const $ = (n: number) => `$${first + n}`;
  return `INSERT INTO domain_events (${EVENT_COLUMNS})
    SELECT e.event_id, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.event_type,
      e.schema_version, e.brand_id, e.payload, ${$(8)}::jsonb, e.occurred_at
    FROM unnest(${$(0)}::uuid[], ${$(1)}::text[], ${$(2)}::uuid[], ${$(3)}::int[], ${$(4)}::text[], ${$(5)}::int[], ${$(6)}::text[], ${$(7)}::jsonb[], ${$(9)}::timestamptz[])
      WITH ORDINALITY AS e(event_id, aggregate_type, aggregate_id, aggregate_version, event_type,
        schema_version, brand_id, payload, occurred_at, n)
    ${guarded ? 'WHERE EXISTS (SELECT 1 FROM guard)' : ''}
    ORDER BY e.n`;
}

const APPEND = prepared('domain_events_append', appendSql(1, false));

/** A statement that writes an aggregate's row and RETURNs it; its events are appended only if it did. */
export interface StateWrite {
  /** Names the combined statement so it is prepared once per connection. */
  readonly name: string;
  /** `INSERT … RETURNING 1`, `UPDATE … WHERE version = … RETURNING 1` or `DELETE … RETURNING 1`. */
  readonly sql: string;
  readonly params: readonly unknown[];
}

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
  readonly #combined = new Map<string, PreparedSql>();

  constructor(private readonly db: Database) {}

  /** Appends events in the current transaction, with the unit of work's actor and correlation id. */
  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.insert(APPEND, this.params(events), events);
  }

  /**
   * Writes an aggregate's state and appends its events in ONE statement (one round trip fewer per
   * command: round trips were the command path's main cost in `npm run bench`). When the state
   * write touches no row, e.g. an UPDATE whose expected version is gone, nothing is appended and
   * a ConcurrencyError is thrown, exactly as if the two statements had run one after the other.
   */
  async writeWithEvents(write: StateWrite, events: readonly DomainEvent[]): Promise<void> {
    let sql = this.#combined.get(write.name);
    if (!sql) {
      sql = prepared(`${write.name}_with_events`, `WITH guard AS (${write.sql}) ${appendSql(write.params.length + 1, true)}`);
      this.#combined.set(write.name, sql);
    }
    const appended = await this.insert(sql, [...write.params, ...this.params(events)], events);
    if (appended !== events.length) throw new ConcurrencyError(events[0]!.aggregateType, events[0]!.aggregateId);
  }

  private params(events: readonly DomainEvent[]): unknown[] {
    const tx = currentTransaction();
    if (!tx) throw new Error('EventStore writes must run inside a unit of work');
    const { actor, correlationId, causationId } = tx.execution;
    const metadata: EventMetadata = { correlationId, causationId: causationId ?? null, actor: { sub: actor.sub, role: actor.role } };
    return [
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
    ];
  }

  private async insert(sql: PreparedSql, params: unknown[], events: readonly DomainEvent[]): Promise<number> {
    try {
      return await this.db.execute(sql, params);
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
