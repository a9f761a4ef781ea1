import type { EventHistory, HistoryEvent } from '../../application/event-history.js';
import type { BrandScope } from '../../domain/index.js';

/**
 * Turns the `data` of one event type at `fromVersion` into its shape at `fromVersion + 1`. Stored
 * events are never rewritten (the log is append-only evidence), so old shapes are converted
 * each time they are read instead.
 */
export interface Upcaster {
  readonly eventType: string;
  readonly fromVersion: number;
  upcast(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** What an upcaster needs of an event: the envelope, a stored event and a history item all fit. */
export interface VersionedEvent {
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
}

/**
 * Every upcaster a reader knows. `upcast` chains them (v1 → v2 → v3 …) until no further step is
 * registered, so each reader sees one shape per event type whatever version was stored.
 */
export class UpcasterRegistry {
  readonly #steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.eventType}@${upcaster.fromVersion}`;
      if (this.#steps.has(key)) throw new Error(`two upcasters for ${upcaster.eventType} schemaVersion ${upcaster.fromVersion}`);
      this.#steps.set(key, upcaster);
    }
  }

  /** The event at its latest known schemaVersion; the same object when nothing applies. */
  upcast<E extends VersionedEvent>(event: E): E {
    let current = event;
    for (;;) {
      const step = this.#steps.get(`${current.eventType}@${current.schemaVersion}`);
      if (!step) return current;
      current = { ...current, schemaVersion: current.schemaVersion + 1, data: step.upcast(current.data) };
    }
  }
}

/** An audit trail that serves every event in its current shape. */
export class UpcastingEventHistory implements EventHistory {
  constructor(private readonly history: EventHistory, private readonly upcasters: UpcasterRegistry) {}

  async ofAggregate(aggregateType: string, aggregateId: string, scope: BrandScope, afterVersion: number, limit: number): Promise<HistoryEvent[]> {
    const events = await this.history.ofAggregate(aggregateType, aggregateId, scope, afterVersion, limit);
    return events.map((event) => this.upcasters.upcast(event));
  }
}
