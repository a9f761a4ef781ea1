import type {
  MessageHandler, MessageTransport, OutgoingMessage, Publisher, PublisherOptions, ReadOptions, ReceivedMessage,
  SubscribeOptions, Subscription, SubscriptionType,
} from './message-transport.js';
import { retryUntilStopped } from './retry-backoff.js';
import { sendPerTopic } from './send-per-topic.js';

/*
 * The parts of the official `pulsar-client` API (apache/pulsar-client-node, index.d.ts) used here,
 * declared structurally: the package is an optional dependency that is usually absent, so its
 * own types cannot be imported at compile time.
 */
interface PulsarMessageId {
  serialize(): Buffer;
}
interface PulsarMessage {
  getTopicName(): string;
  getProperties(): Record<string, string>;
  getData(): Buffer;
  getMessageId(): PulsarMessageId;
  getPublishTimestamp(): number;
  getEventTimestamp(): number;
  getRedeliveryCount(): number;
  getPartitionKey(): string;
}
interface PulsarProducer {
  send(message: { data: Buffer; properties: Record<string, string>; partitionKey: string; eventTimestamp: number; sequenceId: number }): Promise<unknown>;
  close(): Promise<unknown>;
}
interface PulsarConsumer {
  receive(timeoutMs?: number): Promise<PulsarMessage>;
  acknowledge(message: PulsarMessage): Promise<unknown>;
  negativeAcknowledge(message: PulsarMessage): void;
  close(): Promise<unknown>;
}
interface PulsarReader {
  readNext(timeoutMs?: number): Promise<PulsarMessage>;
  close(): Promise<unknown>;
}
interface PulsarClient {
  createProducer(config: { topic: string; producerName?: string; sendTimeoutMs: number; batchingEnabled: boolean; blockIfQueueFull: boolean }): Promise<PulsarProducer>;
  subscribe(config: {
    topic: string; subscription: string; subscriptionType: 'Exclusive' | 'Shared' | 'Failover' | 'KeyShared';
    subscriptionInitialPosition: 'Earliest' | 'Latest'; nAckRedeliverTimeoutMs?: number; receiverQueueSize?: number;
    deadLetterPolicy?: { deadLetterTopic: string; maxRedeliverCount: number };
  }): Promise<PulsarConsumer>;
  createReader(config: { topic: string; startMessageId: PulsarMessageId }): Promise<PulsarReader>;
  close(): Promise<unknown>;
}
export interface PulsarClientModule {
  Client: new (config: { serviceUrl: string; operationTimeoutSeconds?: number; log?: (level: number, file: string, line: number, message: string) => void }) => PulsarClient;
  MessageId: { earliest(): PulsarMessageId; deserialize(data: Buffer): PulsarMessageId };
}

export interface NativeTransportOptions {
  /** Binary protocol URL, e.g. `pulsar://127.0.0.1:6650`. */
  readonly serviceUrl: string;
  /** The C++ client's warnings and errors (it would print them to stdout otherwise). */
  readonly onLog?: (message: string) => void;
}

const DEFAULT_SEND_TIMEOUT_MS = 30_000;
/** How long a receive loop blocks before it looks whether it was closed. */
const POLL_MS = 500;
const READER_RETRY = { initialMs: 100, maxMs: 5_000 };
/** C++ client log levels: DEBUG 0, INFO 1, WARN 2, ERROR 3. */
const WARN = 2;

function isModule(value: unknown): value is PulsarClientModule {
  const candidate = value as Partial<PulsarClientModule> | null;
  return typeof candidate?.Client === 'function' && typeof candidate.MessageId?.earliest === 'function';
}

/**
 * Loads `pulsar-client` lazily. Its install downloads a prebuilt addon from the Apache archive or
 * else compiles against libpulsar (the C++ client), so on many machines it is not there at all.
 */
export async function loadPulsarClient(): Promise<PulsarClientModule> {
  // A variable specifier: the compiler must not insist on a module that is optional.
  const specifier = 'pulsar-client';
  let loaded: unknown;
  try {
    loaded = await import(specifier);
  } catch (error) {
    throw new Error(
      `The native Pulsar client (npm "pulsar-client", an optional dependency) cannot be loaded: ${(error as Error).message}. ` +
        'Its install needs a prebuilt addon from the Apache archive or libpulsar to compile against; use PULSAR_TRANSPORT=websocket instead.',
      { cause: error },
    );
  }
  const module = (loaded as { default?: unknown }).default ?? loaded;
  if (!isModule(module)) throw new Error('The module "pulsar-client" loaded but does not look like the Pulsar Node.js client');
  return module;
}

function toReceived(message: PulsarMessage): ReceivedMessage {
  const eventTime = message.getEventTimestamp();
  return {
    topic: message.getTopicName(),
    messageId: message.getMessageId().serialize().toString('base64'),
    key: message.getPartitionKey() || undefined,
    payload: message.getData(),
    properties: message.getProperties(),
    publishTime: new Date(message.getPublishTimestamp()),
    eventTime: eventTime > 0 ? new Date(eventTime) : undefined,
    redeliveryCount: message.getRedeliveryCount(),
  };
}

function nativeSubscriptionType(type: SubscriptionType): 'Exclusive' | 'Shared' | 'Failover' | 'KeyShared' {
  return type === 'Key_Shared' ? 'KeyShared' : type;
}

/** Receives until closed; a timeout just means "nothing yet". */
class ReceiveLoop implements Subscription {
  #closed = false;
  readonly #done: Promise<void>;

  constructor(
    next: (timeoutMs: number) => Promise<PulsarMessage>,
    handle: (message: PulsarMessage, closed: () => boolean) => Promise<void>,
    private readonly release: () => Promise<unknown>,
  ) {
    this.#done = (async () => {
      while (!this.#closed) {
        let message: PulsarMessage;
        try {
          message = await next(POLL_MS);
        } catch {
          continue; // timed out, or the client is reconnecting by itself
        }
        if (this.#closed) return; // not acknowledged: delivered again to the next consumer
        await handle(message, () => this.#closed).catch(() => undefined); // unacknowledged: the broker redelivers it

      }
    })();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#done;
    await this.release();
  }
}

class NativePublisher implements Publisher {
  readonly #producers = new Map<string, Promise<PulsarProducer>>();

  constructor(private readonly client: PulsarClient, private readonly options: PublisherOptions, private readonly onClose: () => void) {}

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    await sendPerTopic(messages, (topic, group) => this.#sendToTopic(topic, group));
  }

  async close(): Promise<void> {
    const producers = await Promise.allSettled(this.#producers.values());
    this.#producers.clear();
    await Promise.allSettled(producers.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    this.onClose();
  }

  async #sendToTopic(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.#producer(topic);
    try {
      // Pipelined: the client keeps send order per producer, so the topic gets them in order.
      await Promise.all(messages.map((message) => {
        if (message.sequenceId > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`sequenceId ${message.sequenceId} is beyond what pulsar-client accepts`);
        return producer.send({
          data: message.payload,
          properties: { ...message.properties },
          partitionKey: message.key,
          eventTimestamp: message.eventTime.getTime(),
          sequenceId: Number(message.sequenceId),
        });
      }));
    } catch (error) {
      // A fresh producer after any failure: it asks the broker for the last persisted sequence id.
      this.#producers.delete(topic);
      await producer.close().catch(() => undefined);
      throw error;
    }
  }

  #producer(topic: string): Promise<PulsarProducer> {
    let producer = this.#producers.get(topic);
    if (!producer) {
      producer = this.client.createProducer({
        topic,
        producerName: this.options.producerName,
        sendTimeoutMs: this.options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
        batchingEnabled: false,
        blockIfQueueFull: true,
      });
      producer.catch(() => this.#producers.delete(topic));
      this.#producers.set(topic, producer);
    }
    return producer;
  }
}

/**
 * The official native client. With broker deduplication on, a fixed producer name and
 * `sequenceId` = event position make re-publication after a crash a no-op (exactly once).
 */
export class NativeTransport implements MessageTransport {
  readonly kind = 'native' as const;
  readonly #client: PulsarClient;
  readonly #open = new Set<{ close(): Promise<void> }>();

  constructor(private readonly pulsar: PulsarClientModule, options: NativeTransportOptions) {
    this.#client = new pulsar.Client({
      serviceUrl: options.serviceUrl,
      operationTimeoutSeconds: 30,
      log: (level, _file, _line, message) => { if (level >= WARN) options.onLog?.(message); },
    });
  }

  /** Loads the native client; rejects with a clear message when it is not installed. */
  static async create(options: NativeTransportOptions): Promise<NativeTransport> {
    return new NativeTransport(await loadPulsarClient(), options);
  }

  createPublisher(options: PublisherOptions = {}): Publisher {
    const publisher: Publisher = new NativePublisher(this.#client, options, () => this.#open.delete(publisher));
    this.#open.add(publisher);
    return publisher;
  }

  async subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription> {
    const consumer = await this.#client.subscribe({
      topic: options.topic,
      subscription: options.subscription,
      subscriptionType: nativeSubscriptionType(options.type ?? 'Key_Shared'),
      subscriptionInitialPosition: (options.initialPosition ?? 'earliest') === 'earliest' ? 'Earliest' : 'Latest',
      nAckRedeliverTimeoutMs: options.nackRedeliveryDelayMs,
      receiverQueueSize: options.receiverQueueSize,
      deadLetterPolicy: options.deadLetter && { deadLetterTopic: options.deadLetter.topic, maxRedeliverCount: options.deadLetter.maxRedeliverCount },
    });
    const loop: Subscription = new ReceiveLoop(
      (timeoutMs) => consumer.receive(timeoutMs),
      async (message) => {
        let outcome: 'ack' | 'nack';
        try {
          outcome = await handler(toReceived(message));
        } catch {
          outcome = 'nack';
        }
        if (outcome === 'ack') await consumer.acknowledge(message);
        else consumer.negativeAcknowledge(message);
      },
      async () => { this.#open.delete(loop); await consumer.close(); },
    );
    this.#open.add(loop);
    return loop;
  }

  async read(options: ReadOptions, handler: (message: ReceivedMessage) => Promise<void>): Promise<Subscription> {
    const startMessageId = options.from === 'earliest'
      ? this.pulsar.MessageId.earliest()
      : this.pulsar.MessageId.deserialize(Buffer.from(options.from.after, 'base64'));
    const reader = await this.#client.createReader({ topic: options.topic, startMessageId });
    const loop: Subscription = new ReceiveLoop(
      (timeoutMs) => reader.readNext(timeoutMs),
      async (message, closed) => { await retryUntilStopped(() => handler(toReceived(message)), closed, READER_RETRY); },
      async () => { this.#open.delete(loop); await reader.close(); },
    );
    this.#open.add(loop);
    return loop;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#open].map((resource) => resource.close()));
    this.#open.clear();
    await this.#client.close();
  }
}
