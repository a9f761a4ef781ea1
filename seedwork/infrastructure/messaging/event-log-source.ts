import pg from 'pg';
import { SYSTEM_ACTOR, type UnitOfWork } from '../../application/index.js';
import type { Database } from '../database/database.js';
import { currentTransaction } from '../database/transaction-context.js';
import type { StoredEvent } from '../event-store/event-store.js';
import type { ConsumerLogger } from './event-consumer.js';
import { toEnvelope } from './event-envelope.js';
import { Inbox, type EventHandler } from './inbox.js';
import { Wakeup } from './outbox-relay.js';
import { OutboxStore } from './outbox-store.js';
import { exponentialBackoff, type BackoffOptions } from './retry-backoff.js';
import { UpcasterRegistry } from './upcasting.js';

export interface EventLogSourceOptions {
  /** PostgreSQL URL; the source holds one dedicated connection (lease, LISTEN, gap-free reads). */
  readonly databaseUrl: string;
  /** Names the lease, the checkpoint row (in `outbox_checkpoints`) and the inbox consumer. */
  readonly name: string;
  readonly db: Database;
  readonly uow: UnitOfWork;
  readonly handler: EventHandler;
  /** Only these aggregate types reach the handler; the checkpoint passes the others too. */
  readonly aggregateTypes?: readonly string[];
  readonly upcasters?: UpcasterRegistry;
  /** Events per transaction. */
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly leaseRetryMs?: number;
  readonly retry?: BackoffOptions;
  readonly logger?: ConsumerLogger;
}

const silent: ConsumerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Feeds a consumer straight from `domain_events`, for when no broker is configured: the same
 * handler and inbox as EventConsumer, fed in position order. It reads like the outbox relay
 * (OutboxStore: nothing committed late is passed over), holds a lease so one process applies,
 * and is woken by the same NOTIFY. Each page of events, its inbox rows and the checkpoint
 * commit in one transaction. A handler that throws stops the source at that event (retried with
 * backoff, logged): without a dead-letter topic, skipping it would break per-aggregate order.
 */
export class EventLogSource {
  readonly #inbox: Inbox;
  readonly #upcasters: UpcasterRegistry;
  readonly #logger: ConsumerLogger;
  readonly #retry: BackoffOptions;
  readonly #types: ReadonlySet<string> | undefined;
  readonly #work = new Wakeup();
  readonly #halt = new Wakeup();
  #loop: Promise<void> | undefined;
  #stopped = true;
  #connectionLost: Error | undefined;

  constructor(private readonly options: EventLogSourceOptions) {
    this.#inbox = new Inbox(options.db);
    this.#upcasters = options.upcasters ?? new UpcasterRegistry();
    this.#logger = options.logger ?? silent;
    this.#retry = options.retry ?? { initialMs: 200, maxMs: 10_000 };
    this.#types = options.aggregateTypes && new Set(options.aggregateTypes);
  }

  /** Starts in the background and returns at once. */
  start(): void {
    if (this.#loop) return;
    this.#stopped = false;
    this.#halt.reset();
    this.#loop = this.#run();
  }

  /** Lets the page in hand commit or roll back, then releases the lease. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#work.wake();
    this.#halt.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  async #run(): Promise<void> {
    let delays = exponentialBackoff(this.#retry);
    while (!this.#stopped) {
      const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: `event-log-source:${this.options.name}`, keepAlive: true });
      this.#connectionLost = undefined;
      client.on('error', (error) => {
        this.#connectionLost = error;
        this.#work.wake();
      });
      try {
        await client.connect();
        if (await this.#acquireLease(client)) {
          delays = exponentialBackoff(this.#retry);
          await this.#lead(client);
        }
      } catch (err) {
        this.#logger.warn({ source: this.options.name, err }, 'event log source failed; retrying with backoff');
      } finally {
        await client.end().catch(() => undefined);
      }
      if (!this.#stopped) await this.#halt.sleep(delays.next().value);
    }
  }

  async #acquireLease(client: pg.Client): Promise<boolean> {
    while (!this.#stopped) {
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('event-log-source'), hashtext($1)) AS locked`, [this.options.name],
      );
      if (rows[0]!.locked) return true;
      await this.#halt.sleep(this.options.leaseRetryMs ?? 1_000);
      if (this.#connectionLost) throw this.#connectionLost;
    }
    return false;
  }

  async #lead(client: pg.Client): Promise<void> {
    const store = new OutboxStore(client, this.options.name);
    client.on('notification', () => this.#work.wake());
    await client.query('LISTEN domain_events');
    let checkpoint = await store.readCheckpoint();
    this.#logger.info({ source: this.options.name, checkpoint: checkpoint.toString() }, 'event log source holds the lease');
    const batchSize = this.options.batchSize ?? 500;
    while (!this.#stopped) {
      if (this.#connectionLost) throw this.#connectionLost;
      this.#work.reset();
      const last = await store.lastDrawnPosition();
      if (last <= checkpoint) {
        await this.#work.sleep(this.options.pollIntervalMs ?? 1_000);
        continue;
      }
      await store.waitForOpenTransactions(() => this.#stopped);
      while (!this.#stopped && checkpoint < last) {
        const page = await store.readEvents(checkpoint, last, batchSize);
        const end = page.length < batchSize ? last : BigInt(page[page.length - 1]!.position);
        await this.#apply(page, end);
        checkpoint = end;
      }
    }
  }

  /** One transaction: every event of the page through the inbox, then the checkpoint. */
  async #apply(page: StoredEvent[], end: bigint): Promise<void> {
    await this.options.uow.run({ actor: SYSTEM_ACTOR, correlationId: `event-log-source:${this.options.name}` }, async () => {
      for (const stored of page) {
        if (this.#types && !this.#types.has(stored.aggregateType)) continue;
        const event = this.#upcasters.upcast(toEnvelope(stored));
        try {
          await this.#inbox.handleOnce(this.options.name, event, this.options.handler);
        } catch (err) {
          this.#logger.error({ source: this.options.name, err, eventId: event.eventId, eventType: event.eventType, position: event.position }, 'event handler failed; the page is retried');
          throw err;
        }
      }
      // The pooled transaction's connection, so the checkpoint commits with the handlers' writes.
      await new OutboxStore(currentTransaction()!.client!, this.options.name).saveCheckpoint(end);
    });
  }
}
