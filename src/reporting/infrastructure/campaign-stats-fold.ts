import type { EventEnvelope } from '../../../seedwork/infrastructure/messaging/event-envelope.js';
import { evolveCampaignStats, type CampaignStats, type Evolution } from '../application/campaign-stats.js';

/**
 * The projection folded in memory, for a rebuild: the same pure function the live handler runs,
 * without a round trip per event. Rows changed since the last `takeDirty` are written in bulk.
 */
export class CampaignStatsFold {
  readonly #states = new Map<string, CampaignStats>();
  #dirty = new Set<string>();
  applied = 0;
  duplicates = 0;
  /** Events that came before a predecessor: skipped, so their campaign stays behind (and shows in the comparison). */
  gaps = 0;

  constructor(private readonly onApplied?: (applied: number) => void) {}

  get campaigns(): number {
    return this.#states.size;
  }

  versionOf(campaignId: string): number {
    return this.#states.get(campaignId)?.version ?? 0;
  }

  /** Every campaign's version so far. */
  versions(): Map<string, number> {
    return new Map([...this.#states].map(([id, state]) => [id, state.version]));
  }

  /** Takes one event (an arrow function: sources call it detached). */
  readonly apply = (event: EventEnvelope): void => {
    if (event.aggregateType !== 'Campaign') return;
    let result: Evolution;
    try {
      result = evolveCampaignStats(this.#states.get(event.aggregateId), event);
    } catch (error) {
      // Names the event: the live consumer dead-letters such an event, a replay stops on it.
      throw new Error(`event ${event.eventId} (${event.eventType} ${event.aggregateId}@${event.aggregateVersion}): ${(error as Error).message}`, { cause: error });
    }
    if (result.outcome === 'duplicate') this.duplicates++;
    else if (result.outcome === 'gap') this.gaps++;
    else {
      this.#states.set(event.aggregateId, result.state);
      this.#dirty.add(event.aggregateId);
      if (++this.applied % 1000 === 0) this.onApplied?.(this.applied);
    }
  };

  /** The rows changed since the last call. */
  takeDirty(): CampaignStats[] {
    const ids = this.#dirty;
    this.#dirty = new Set();
    return [...ids].map((id) => this.#states.get(id)!);
  }
}
