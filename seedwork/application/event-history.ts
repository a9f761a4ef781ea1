import type { BrandScope } from '../domain/index.js';

/** One event as an audit trail shows it. */
export interface HistoryEvent {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  aggregateVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  actor: { sub: string; role: string };
  data: Record<string, unknown>;
}

/** Read port over the event log for audit trails. */
export interface EventHistory {
  /** Events of one aggregate after a version, oldest first, within the caller's brands. */
  ofAggregate(aggregateType: string, aggregateId: string, scope: BrandScope, afterVersion: number, limit: number): Promise<HistoryEvent[]>;
}

export const EVENT_HISTORY = Symbol.for('EventHistory');
