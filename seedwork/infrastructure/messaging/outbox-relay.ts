import pg from 'pg';
import type { StoredEvent } from '../event-store/event-store.js';
import { toEventMessage, type TopicNamespace } from './event-envelope.js';
import type { MessageTransport, Publisher } from './message-transport.js';
import { DEFAULT_RELAY_NAME, readOutboxLag, type OutboxLag } from './outbox-lag.js';
import { OutboxStore } from './outbox-store.js';
import { exponentialBackoff, type BackoffOptions } from './retry-backoff.js';

/** pino's Logger fits. */
export interface RelayLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface OutboxRelayOptions {
  /** PostgreSQL URL; the relay holds one dedicated connection (lease, LISTEN, reads, checkpoint). */
  readonly databaseUrl: string;
  readonly transport: MessageTransport;
  /** Tenant and namespace of the event topics. */
  readonly topics: TopicNamespace;
  /** Names the lease and the checkpoint row; relays with different names publish independently. */
  readonly name?: string;
  /** Events per round trip to the broker (sent pipelined). */
  readonly batchSize?: number;
  /** Fallback when no NOTIFY arrives (e.g. a lost notification connection). */
  readonly pollIntervalMs?: number;
  /** How often a standby relay tries to take the lease. */
  readonly leaseRetryMs?: number;
  /** Backoff between attempts while the broker or the database is unreachable. */
  readonly retry?: BackoffOptions;
  readonly sendTimeoutMs?: number;
  readonly logger?: RelayLogger;
}

export type RelayRole = 'stopped' | 'connecting' | 'standby' | 'leader';

export interface RelayStatus {
  readonly role: RelayRole;
  /** Events the broker acknowledged since start (re-publications included). */
  readonly published: number;
  /** Last checkpoint this relay saw or wrote. */
  readonly checkpoint: string | undefined;
  /** The last failure, until the next success. */
  readonly lastError: string | undefined;
}

const silentLogger: RelayLogger = { info: () => undefined, warn: () => undefined };

/** Wakes an interruptible sleep early; a wake-up with nobody asleep is kept for the next sleep. */
export class Wakeup {
  #pending = false;
  readonly #sleepers = new Set<() => void>();

  wake(): void {
    this.#pending = true;
    for (const sleeper of this.#sleepers) sleeper();
  }

  /** Forgets earlier wake-ups (call before looking for work, so later ones are kept). */
  reset(): void {
    this.#pending = false;
  }

  async sleep(ms: number): Promise<void> {
    if (!this.#pending) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.#sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        this.#sleepers.add(done);
      });
    }
    this.#pending = false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes `domain_events` to Pulsar in position order and records how far it got (see
 * outbox-store.ts for why no event committed late can be passed over). Any number of relays may
 * run: the one holding the lease — a session advisory lock on its own connection, released by
 * PostgreSQL if the process dies — publishes; the others retry the lease and take over. Delivery
 * is at least once: a batch the broker took but whose checkpoint was not written is sent again.
 */
export class OutboxRelay {
  readonly #name: string;
  readonly #logger: RelayLogger;
  readonly #retry: BackoffOptions;
  /** Wakes the leader: a NOTIFY from a writer's commit, a lost connection, or stop(). */
  readonly #work = new Wakeup();
  /** Cuts backoff pauses short on stop() only: notifications must not defeat the backoff. */
  readonly #halt = new Wakeup();
  #loop: Promise<void> | undefined;
  #stopped = true;
  #client: pg.Client | undefined;
  #connectionLost: Error | undefined;
  #role: RelayRole = 'stopped';
  #published = 0;
  #checkpoint: string | undefined;
  #lastError: string | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.#name = options.name ?? DEFAULT_RELAY_NAME;
    this.#logger = options.logger ?? silentLogger;
    this.#retry = options.retry ?? { initialMs: 200, maxMs: 10_000 };
  }

  /** Starts in the background: connects, waits for the lease, publishes. Returns at once. */
  start(): void {
    if (this.#loop) return;
    this.#stopped = false;
    this.#halt.reset();
    this.#loop = this.#run().finally(() => { this.#role = 'stopped'; });
  }

  /**
   * Stops gracefully: a batch in flight is awaited (acknowledged or timed out) and its checkpoint
   * written; then the lease is released by closing the connection.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#work.wake();
    this.#halt.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  status(): RelayStatus {
    return { role: this.#role, published: this.#published, checkpoint: this.#checkpoint, lastError: this.#lastError };
  }

  /** Lag read on the relay's own connection (`readOutboxLag` does the same from any process). */
  async lag(): Promise<OutboxLag> {
    const client = this.#client;
    if (!client) throw new Error('outbox relay is not connected');
    return readOutboxLag({ query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[] }, this.#name);
  }

  async #run(): Promise<void> {
    let delays = exponentialBackoff(this.#retry);
    while (!this.#stopped) {
      this.#role = 'connecting';
      const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: `outbox-relay:${this.#name}`, keepAlive: true });
      this.#connectionLost = undefined;
      client.on('error', (error) => {
        this.#connectionLost = error;
        this.#work.wake();
      });
      try {
        await client.connect();
        this.#client = client;
        if (await this.#acquireLease(client)) {
          delays = exponentialBackoff(this.#retry);
          await this.#lead(client);
        }
      } catch (error) {
        this.#failed(error, 'database session failed; reconnecting');
      } finally {
        this.#client = undefined;
        // Closing the session releases the advisory lock: a standby can take over at once.
        await client.end().catch(() => undefined);
      }
      if (!this.#stopped) await this.#halt.sleep(delays.next().value);
    }
  }

  /** Waits as a standby until this session holds the lease; false when stopped first. */
  async #acquireLease(client: pg.Client): Promise<boolean> {
    while (!this.#stopped) {
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('outbox-relay'), hashtext($1)) AS locked`, [this.#name],
      );
      if (rows[0]!.locked) return true;
      if (this.#role !== 'standby') this.#logger.info({ relay: this.#name }, 'outbox relay standing by: another relay holds the lease');
      this.#role = 'standby';
      await this.#halt.sleep(this.options.leaseRetryMs ?? 1_000);
      if (this.#connectionLost) throw this.#connectionLost;
    }
    return false;
  }

  async #lead(client: pg.Client): Promise<void> {
    const store = new OutboxStore(client, this.#name);
    client.on('notification', () => this.#work.wake());
    await client.query('LISTEN domain_events');
    let checkpoint = await store.readCheckpoint();
    this.#checkpoint = checkpoint.toString();
    this.#role = 'leader';
    this.#logger.info({ relay: this.#name, checkpoint: this.#checkpoint, transport: this.options.transport.kind }, 'outbox relay holds the lease');
    const publisher = this.options.transport.createPublisher({ producerName: `outbox-relay-${this.#name}`, sendTimeoutMs: this.options.sendTimeoutMs });
    try {
      while (!this.#stopped) {
        if (this.#connectionLost) throw this.#connectionLost;
        this.#work.reset();
        const last = await store.lastDrawnPosition();
        if (last <= checkpoint) {
          await this.#work.sleep(this.options.pollIntervalMs ?? 1_000);
          continue;
        }
        await store.waitForOpenTransactions(() => this.#stopped);
        if (this.#stopped) break;
        checkpoint = await this.#publishUpTo(store, publisher, checkpoint, last);
      }
    } finally {
      await publisher.close().catch(() => undefined);
    }
  }

  /** Publishes (from, to] page by page; the next page is read while the current one is sent. */
  async #publishUpTo(store: OutboxStore, publisher: Publisher, from: bigint, to: bigint): Promise<bigint> {
    const batchSize = this.options.batchSize ?? 500;
    let checkpoint = from;
    let page = await store.readEvents(checkpoint, to, batchSize);
    while (!this.#stopped) {
      const end = page.length < batchSize ? to : BigInt(page[page.length - 1]!.position);
      const next = end < to ? store.readEvents(end, to, batchSize) : undefined;
      next?.catch(() => undefined); // observed below, unless we stop first
      if (page.length > 0 && !(await this.#send(publisher, page))) return checkpoint;
      await store.saveCheckpoint(end);
      checkpoint = end;
      this.#checkpoint = end.toString();
      this.#published += page.length;
      if (!next) break;
      page = await next;
    }
    return checkpoint;
  }

  /** Sends until the broker takes the batch; false when stopped (or the lease lost) first. */
  async #send(publisher: Publisher, events: StoredEvent[]): Promise<boolean> {
    const messages = events.map((event) => toEventMessage(event, this.options.topics));
    const delays = exponentialBackoff(this.#retry);
    for (;;) {
      try {
        await publisher.send(messages);
        if (this.#lastError) this.#logger.info({ relay: this.#name }, 'outbox relay publishing again');
        this.#lastError = undefined;
        return true;
      } catch (error) {
        this.#failed(error, 'publishing failed; retrying with backoff');
      }
      await this.#halt.sleep(delays.next().value);
      if (this.#connectionLost) throw this.#connectionLost;
      if (this.#stopped) return false;
    }
  }

  #failed(error: unknown, what: string): void {
    this.#lastError = message(error);
    this.#logger.warn({ relay: this.#name, err: this.#lastError }, `outbox relay: ${what}`);
  }
}
