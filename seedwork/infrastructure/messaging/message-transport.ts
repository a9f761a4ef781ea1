/**
 * The port between the service and Apache Pulsar. Two adapters implement it: Pulsar's WebSocket
 * API (`websocket-transport.ts`, pure JavaScript) and the official native client
 * (`native-transport.ts`). Both are held to the same contract by one test suite.
 */

/** A message to publish. `topic` is a full name: `persistent://{tenant}/{namespace}/{topic}`. */
export interface OutgoingMessage {
  readonly topic: string;
  /** Partition/ordering key: under `Key_Shared` one key goes to one consumer, in order. */
  readonly key: string;
  readonly payload: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  /**
   * Strictly increasing per producer and topic. The native client sends it so the broker drops
   * re-publications (deduplication); the WebSocket API has no way to pass it.
   */
  readonly sequenceId: bigint;
  readonly eventTime: Date;
}

export interface PublisherOptions {
  /**
   * Fixed producer name: with broker deduplication, the broker remembers the last sequenceId per
   * producer name, so a restarted publisher with the same name cannot publish twice (native only).
   */
  readonly producerName?: string;
  /** How long the broker may take to acknowledge a message before the send fails. */
  readonly sendTimeoutMs?: number;
}

/** Publishes batches. Sessions are opened lazily per topic and reopened after any failure. */
export interface Publisher {
  /**
   * Sends every message and resolves only when the broker acknowledged each one (persisted).
   * Messages of one topic reach it in array order. Rejects on any failure, after all sends of the
   * batch have settled: the caller sends the whole batch again (so delivery is at least once).
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** A message as delivered to a consumer or reader. */
export interface ReceivedMessage {
  readonly topic: string;
  /** Opaque, transport-specific id. */
  readonly messageId: string;
  readonly key: string | undefined;
  readonly payload: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  readonly publishTime: Date;
  readonly eventTime: Date | undefined;
  /** How many times the broker delivered this message before (0 on the first delivery). */
  readonly redeliveryCount: number;
}

export type SubscriptionType = 'Exclusive' | 'Shared' | 'Failover' | 'Key_Shared';

export interface SubscribeOptions {
  readonly topic: string;
  readonly subscription: string;
  /** Default `Key_Shared`: consumers scale out while each key keeps its order. */
  readonly type?: SubscriptionType;
  /** Where a new subscription starts; default `earliest` (the topics are the event log). */
  readonly initialPosition?: 'earliest' | 'latest';
  /** Delay before a negatively acknowledged message comes back. */
  readonly nackRedeliveryDelayMs?: number;
  /** After this many redeliveries the broker moves the message to `deadLetterTopic`. */
  readonly deadLetter?: { readonly maxRedeliverCount: number; readonly topic: string };
  /** Messages the broker may push ahead of acknowledgements. */
  readonly receiverQueueSize?: number;
}

/**
 * Handles one delivered message. Messages are handed over one at a time in delivery order (so
 * per-key order holds); the outcome is acknowledged (`ack`) or redelivered later (`nack`). A
 * handler that throws counts as `nack`.
 */
export type MessageHandler = (message: ReceivedMessage) => Promise<'ack' | 'nack'>;

export interface ReadOptions {
  readonly topic: string;
  /** `earliest`, or a message id previously received from this transport (exclusive). */
  readonly from: 'earliest' | { readonly after: string };
}

/** A running consumer or reader. */
export interface Subscription {
  close(): Promise<void>;
}

export type TransportKind = 'websocket' | 'native';

export interface MessageTransport {
  readonly kind: TransportKind;
  createPublisher(options?: PublisherOptions): Publisher;
  /** Subscribes and resolves once the broker accepted the subscription. */
  subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription>;
  /**
   * Reads a topic without a durable subscription, one message at a time, in order. A handler that
   * throws gets the same message again after a pause.
   */
  read(options: ReadOptions, handler: (message: ReceivedMessage) => Promise<void>): Promise<Subscription>;
  /** Closes every publisher, consumer and reader this transport opened. */
  close(): Promise<void>;
}
