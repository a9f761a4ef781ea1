import type pg from 'pg';
import { toStoredEvent } from '../event-store/event-store.js';
import { parseEnvelope, toEnvelope, type EventEnvelope } from './event-envelope.js';
import type { MessageTransport, ReceivedMessage, Subscription } from './message-transport.js';
import { OutboxStore } from './outbox-store.js';
import { comparePositions, lastMessagePosition, messagePosition, storedMessageCount, type TopicPosition } from './topic-position.js';
import type { UpcasterRegistry } from './upcasting.js';

/** Receives each replayed event, upcast, in source order (duplicates included: the topic may hold some). */
export type ReplaySink = (event: EventEnvelope) => void;

/**
 * Where a rebuild reads events from: the event log, or a topic from its earliest message. Events
 * of one aggregate come in version order from either.
 */
export interface ReplaySource {
  readonly kind: 'log' | 'pulsar';
  /** Roughly how many events `readToEnd` will deliver, for progress; undefined when unknown. */
  estimate(): Promise<number | undefined>;
  /** Delivers everything the source holds now; a second call continues where the first stopped. */
  readToEnd(): Promise<void>;
  /**
   * Delivers the given aggregates' events up to the given versions, which are known to exist (a
   * live projection applied them); false when they did not all arrive within the timeout.
   */
  readUpTo(targets: ReadonlyMap<string, number>, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Rows per query: large pages keep the per-query cost (and a plan on stale statistics) off a full replay. */
const PAGE = 20_000;

/** Tracks the highest version delivered per aggregate, so `readUpTo` knows what is missing. */
class Progress {
  readonly #versions = new Map<string, number>();

  seen(event: EventEnvelope): void {
    if (event.aggregateVersion > (this.#versions.get(event.aggregateId) ?? 0)) this.#versions.set(event.aggregateId, event.aggregateVersion);
  }

  versionOf(aggregateId: string): number {
    return this.#versions.get(aggregateId) ?? 0;
  }

  reached(targets: ReadonlyMap<string, number>): boolean {
    for (const [id, version] of targets) if (this.versionOf(id) < version) return false;
    return true;
  }
}

/**
 * The log in position order, read on a dedicated connection outside any transaction, up to bounds
 * made final by the outbox relay's rule (OutboxStore): nothing committed late is passed over.
 */
export class LogReplaySource implements ReplaySource {
  readonly kind = 'log' as const;
  readonly #store: OutboxStore;
  readonly #progress = new Progress();
  #position = 0n;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly aggregateType: string,
    private readonly upcasters: UpcasterRegistry,
    private readonly sink: ReplaySink,
  ) {
    this.#store = new OutboxStore(client, 'replay');
  }

  async estimate(): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_type = $1 AND position > $2`, [this.aggregateType, this.#position.toString()]);
    return rows[0]!.n;
  }

  /** Page by page; the next page is queried while the current one is delivered. */
  async readToEnd(): Promise<void> {
    const last = await this.#store.lastDrawnPosition();
    await this.#store.waitForOpenTransactions(() => false);
    let page = this.#position < last ? await this.#store.readEvents(this.#position, last, PAGE) : [];
    while (this.#position < last) {
      const end = page.length < PAGE ? last : BigInt(page[page.length - 1]!.position);
      const next = end < last ? this.#store.readEvents(end, last, PAGE) : undefined;
      next?.catch(() => undefined); // observed below, unless delivering throws first
      for (const stored of page) if (stored.aggregateType === this.aggregateType) this.#deliver(toEnvelope(stored));
      this.#position = end;
      page = next ? await next : [];
    }
  }

  /** Reads the missing versions by aggregate: they are committed, so no barrier is needed (or taken: the caller may hold locks). */
  async readUpTo(targets: ReadonlyMap<string, number>): Promise<boolean> {
    const missing = [...targets].filter(([id, version]) => this.#progress.versionOf(id) < version);
    if (missing.length === 0) return true;
    const { rows } = await this.client.query<Parameters<typeof toStoredEvent>[0]>(
      `SELECT e.position::text AS position, e.event_id, e.event_type, e.schema_version, e.aggregate_type, e.aggregate_id,
              e.aggregate_version, e.brand_id, e.payload, e.metadata, e.occurred_at
         FROM domain_events e JOIN unnest($1::uuid[], $2::int[], $3::int[]) AS t(id, after, up_to) ON e.aggregate_id = t.id
        WHERE e.aggregate_type = $4 AND e.aggregate_version > t.after AND e.aggregate_version <= t.up_to
        ORDER BY e.aggregate_id, e.aggregate_version`,
      [missing.map(([id]) => id), missing.map(([id]) => this.#progress.versionOf(id)), missing.map(([, version]) => version), this.aggregateType],
    );
    for (const row of rows) this.#deliver(toEnvelope(toStoredEvent(row)));
    return this.#progress.reached(targets);
  }

  async close(): Promise<void> {
    // The connection belongs to the caller.
  }

  #deliver(event: EventEnvelope): void {
    const upcast = this.upcasters.upcast(event);
    this.#progress.seen(upcast);
    this.sink(upcast);
  }
}

export interface TopicReplayOptions {
  readonly transport: MessageTransport;
  /** Full topic name. */
  readonly topic: string;
  /** The broker's admin URL: the topic's last message id tells where "the end" is. */
  readonly adminUrl: string;
  readonly upcasters: UpcasterRegistry;
  /** Told about messages that are not event envelopes (skipped, so a replay cannot stall on one). */
  readonly onUnreadable?: (message: ReceivedMessage, error: Error) => void;
}

/**
 * A topic from its earliest message, through a reader (no durable subscription is left behind).
 * The reader keeps delivering in the background until closed; `readToEnd` waits until it has
 * passed the message that was last when called.
 */
export class TopicReplaySource implements ReplaySource {
  readonly kind = 'pulsar' as const;
  readonly #progress = new Progress();
  #reader: Subscription | undefined;
  #position: TopicPosition | undefined;
  #failure: Error | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(private readonly options: TopicReplayOptions, private readonly sink: ReplaySink) {}

  estimate(): Promise<number | undefined> {
    return storedMessageCount(this.options.adminUrl, this.options.topic);
  }

  async readToEnd(): Promise<void> {
    const end = await lastMessagePosition(this.options.adminUrl, this.options.topic);
    if (!end) return;
    await this.#start();
    await this.#until(() => this.#position !== undefined && comparePositions(this.#position, end) >= 0, Infinity);
  }

  async readUpTo(targets: ReadonlyMap<string, number>, timeoutMs: number): Promise<boolean> {
    if (this.#progress.reached(targets)) return true;
    await this.#start();
    return this.#until(() => this.#progress.reached(targets), timeoutMs);
  }

  async close(): Promise<void> {
    await this.#reader?.close();
    this.#reader = undefined;
  }

  async #start(): Promise<void> {
    this.#reader ??= await this.options.transport.read({ topic: this.options.topic, from: 'earliest' }, async (message) => this.#receive(message));
  }

  #receive(message: ReceivedMessage): void {
    try {
      let event: EventEnvelope | undefined;
      try {
        event = this.options.upcasters.upcast(parseEnvelope(message.payload));
      } catch (error) {
        this.options.onUnreadable?.(message, error as Error);
      }
      if (event) {
        this.#progress.seen(event);
        this.sink(event);
      }
      this.#position = messagePosition(message.messageId);
    } catch (error) {
      // A sink that throws ends the replay: waiters are told rather than the reader retrying forever.
      this.#failure ??= error as Error;
    }
    for (const wake of this.#waiters) wake();
  }

  /** Resolves true once `done()`, false after the timeout; rejects if the sink failed. */
  #until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => finish(false), timeoutMs) : undefined;
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (this.#failure) reject(this.#failure);
        else resolve(result);
      };
      const check = (): void => {
        if (this.#failure || done()) finish(true);
      };
      this.#waiters.add(check);
      check();
    });
  }
}
