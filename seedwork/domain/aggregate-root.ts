import type { DomainEvent } from './domain-event.js';
import { newId } from './ids.js';

/**
 * Base of every aggregate: holds the persisted version and the events recorded since load.
 * `version` counts events: each recorded event takes the next aggregate version, so the
 * event log's (aggregate_id, aggregate_version) is consecutive by construction.
 */
export abstract class AggregateRoot {
  abstract readonly aggregateType: string;
  #pending: DomainEvent[] = [];

  protected constructor(
    readonly id: string,
    readonly brandId: string,
    /** version as loaded from storage (0 for a new aggregate) */
    private readonly persistedVersion: number,
  ) {}

  /** Current version including events recorded but not yet saved. */
  get version(): number {
    return this.persistedVersion + this.#pending.length;
  }

  /** Version the store must still hold for the save to succeed (optimistic concurrency). */
  get expectedStoredVersion(): number {
    return this.persistedVersion;
  }

  get hasChanges(): boolean {
    return this.#pending.length > 0;
  }

  protected record<T extends object>(eventType: string, data: T, occurredAt: Date, schemaVersion = 1): void {
    this.#pending.push({
      eventId: newId(),
      eventType,
      schemaVersion,
      aggregateType: this.aggregateType,
      aggregateId: this.id,
      aggregateVersion: this.version + 1,
      brandId: this.brandId,
      occurredAt,
      data: data as Record<string, unknown>,
    });
  }

  /** Events recorded since load, oldest first; the repository appends them in the save transaction. */
  get pendingEvents(): readonly DomainEvent[] {
    return this.#pending;
  }
}
