import { SYSTEM_ACTOR, type UnitOfWork } from '../../application/index.js';
import type { Database } from '../database/database.js';
import { parseEnvelope, type EventEnvelope } from './event-envelope.js';
import { Inbox, type EventHandler } from './inbox.js';
import type { MessageTransport, ReceivedMessage, Subscription } from './message-transport.js';
import { UpcasterRegistry } from './upcasting.js';

/** pino's Logger fits. */
export interface ConsumerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface EventConsumerOptions {
  readonly transport: MessageTransport;
  /** Full topic name. */
  readonly topic: string;
  /** Durable subscription; every consumer process of one projection uses the same name. */
  readonly subscription: string;
  /** Name in the inbox; default the subscription. */
  readonly consumer?: string;
  readonly db: Database;
  readonly uow: UnitOfWork;
  readonly handler: EventHandler;
  readonly upcasters?: UpcasterRegistry;
  /** Deliveries after the first before the broker dead-letters a message (default 5). */
  readonly maxRedeliveries?: number;
  /** Default `{topic}-{subscription}-DLQ`, Pulsar's own naming. */
  readonly deadLetterTopic?: string;
  /** Pause before a failed message comes back (default 1 s). */
  readonly nackRedeliveryDelayMs?: number;
  /** Consumers opened on the subscription: Key_Shared spreads keys over them, each key keeps its order. */
  readonly concurrency?: number;
  readonly receiverQueueSize?: number;
  readonly logger?: ConsumerLogger;
}

export interface ConsumerStats {
  readonly handled: number;
  /** Deliveries of events already in the inbox: acknowledged without running the handler. */
  readonly duplicates: number;
  readonly failed: number;
}

const silent: ConsumerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A Key_Shared subscriber that applies each event exactly once in effect: the handler's writes and
 * the event's row in the inbox commit in one transaction, and only then is the message
 * acknowledged. A failure rolls everything back and negatively acknowledges; after
 * `maxRedeliveries` the broker moves the message to the dead-letter topic.
 */
export class EventConsumer {
  readonly #inbox: Inbox;
  readonly #consumer: string;
  readonly #upcasters: UpcasterRegistry;
  readonly #logger: ConsumerLogger;
  readonly #maxRedeliveries: number;
  readonly #deadLetterTopic: string;
  #subscriptions: Subscription[] = [];
  #stats = { handled: 0, duplicates: 0, failed: 0 };

  constructor(private readonly options: EventConsumerOptions) {
    this.#inbox = new Inbox(options.db);
    this.#consumer = options.consumer ?? options.subscription;
    this.#upcasters = options.upcasters ?? new UpcasterRegistry();
    this.#logger = options.logger ?? silent;
    this.#maxRedeliveries = options.maxRedeliveries ?? 5;
    this.#deadLetterTopic = options.deadLetterTopic ?? `${options.topic}-${options.subscription}-DLQ`;
  }

  get deadLetterTopic(): string {
    return this.#deadLetterTopic;
  }

  stats(): ConsumerStats {
    return { ...this.#stats };
  }

  /** Subscribes; resolves once the broker accepted every consumer. */
  async start(): Promise<void> {
    const { transport, topic, subscription } = this.options;
    for (let i = 0; i < (this.options.concurrency ?? 1); i++) {
      this.#subscriptions.push(await transport.subscribe({
        topic,
        subscription,
        type: 'Key_Shared',
        initialPosition: 'earliest',
        nackRedeliveryDelayMs: this.options.nackRedeliveryDelayMs ?? 1_000,
        deadLetter: { maxRedeliverCount: this.#maxRedeliveries, topic: this.#deadLetterTopic },
        receiverQueueSize: this.options.receiverQueueSize,
      }, (message) => this.#receive(message)));
    }
    this.#logger.info({ topic, subscription, consumer: this.#consumer }, 'event consumer subscribed');
  }

  /** Lets the message in hand finish (committed and acknowledged, or rolled back), then unsubscribes. */
  async stop(): Promise<void> {
    const subscriptions = this.#subscriptions;
    this.#subscriptions = [];
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
  }

  async #receive(message: ReceivedMessage): Promise<'ack' | 'nack'> {
    let event: EventEnvelope | undefined;
    try {
      event = this.#upcasters.upcast(parseEnvelope(message.payload));
      const current = event;
      const context = { actor: SYSTEM_ACTOR, correlationId: current.correlationId, causationId: current.eventId };
      const outcome = await this.options.uow.run(context, () => this.#inbox.handleOnce(this.#consumer, current, this.options.handler));
      this.#stats[outcome === 'handled' ? 'handled' : 'duplicates']++;
      return 'ack';
    } catch (err) {
      this.#stats.failed++;
      const lastTry = message.redeliveryCount >= this.#maxRedeliveries;
      const details = {
        err, eventId: event?.eventId ?? message.properties.eventId, eventType: event?.eventType ?? message.properties.eventType,
        aggregateId: message.key, redeliveryCount: message.redeliveryCount, topic: message.topic, consumer: this.#consumer,
      };
      if (lastTry) this.#logger.error({ ...details, deadLetterTopic: this.#deadLetterTopic }, 'event handler failed for the last time; the broker moves the message to the dead-letter topic');
      else this.#logger.warn(details, 'event handler failed; negatively acknowledged for redelivery');
      return 'nack';
    }
  }
}
