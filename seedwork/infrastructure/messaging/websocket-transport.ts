import WebSocket from 'ws';
import type {
  MessageHandler, MessageTransport, OutgoingMessage, Publisher, PublisherOptions, ReadOptions, ReceivedMessage,
  SubscribeOptions, Subscription,
} from './message-transport.js';
import { exponentialBackoff, retryUntilStopped } from './retry-backoff.js';
import { sendPerTopic } from './send-per-topic.js';

export interface WebSocketTransportOptions {
  /** The broker's web service (admin + WebSocket), e.g. `http://127.0.0.1:8080`. */
  readonly webServiceUrl: string;
  /** The broker closes idle sessions after 5 minutes; pings keep them open and detect dead peers. */
  readonly pingIntervalMs?: number;
  readonly connectTimeoutMs?: number;
  /** Told about lost consumer/reader sessions, which reconnect by themselves. */
  readonly onReconnect?: (error: Error) => void;
}

/** The broker's WebSocket service rejects larger frames (`webSocketMaxTextFrameSize`). */
const MAX_FRAME_BYTES = 1024 * 1024;
const DEFAULT_SEND_TIMEOUT_MS = 30_000;
const READER_RETRY = { initialMs: 100, maxMs: 5_000 };

/** `persistent://t/ns/name` → `persistent/t/ns/name`, the form the WebSocket paths use. */
function topicPath(topic: string): string {
  const match = /^(persistent|non-persistent):\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(topic);
  if (!match) throw new Error(`Not a full topic name: ${topic}`);
  return match.slice(1).map(encodeURIComponent).join('/');
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Opens a socket. The broker refuses a session with a plain HTTP answer before the upgrade (404
 * unknown namespace, 409 producer name or exclusive subscription taken), so that answer becomes
 * the error message.
 */
function connect(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const fail = (error: Error): void => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    ws.once('open', () => {
      ws.removeAllListeners();
      resolve(ws);
    });
    ws.once('error', (error) => fail(new Error(`${url}: ${error.message}`)));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => fail(new Error(`${url}: HTTP ${response.statusCode} ${body.trim()}`.trim())));
      response.on('error', () => fail(new Error(`${url}: HTTP ${response.statusCode}`)));
    });
  });
}

/** Pings on an interval; a peer that did not answer the previous ping is cut off (→ 'close'). */
function keepAlive(ws: WebSocket, intervalMs: number): void {
  let answered = true;
  ws.on('pong', () => { answered = true; });
  const timer = setInterval(() => {
    if (!answered) {
      ws.terminate();
      return;
    }
    answered = false;
    ws.ping();
  }, intervalMs);
  timer.unref();
  ws.once('close', () => clearInterval(timer));
}

interface ProducerReply {
  result?: string;
  messageId?: string;
  context?: string;
  errorMsg?: string;
}

/**
 * One producer socket for one topic. Frames are written in order and the broker persists them in
 * that order; its replies can come back in any order, so each carries our context id.
 */
class ProducerSession {
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  #nextContext = 0;
  #failure: Error | undefined;

  constructor(private readonly ws: WebSocket, private readonly topic: string) {
    ws.on('message', (data) => this.#onReply(data.toString()));
    ws.on('error', (error) => this.fail(new Error(`producer ${topic}: ${error.message}`)));
    ws.on('close', (code, reason) => this.fail(new Error(`producer ${topic}: socket closed (${code} ${reason.toString()})`)));
  }

  get usable(): boolean {
    return this.#failure === undefined && this.ws.readyState === WebSocket.OPEN;
  }

  /** Writes every frame, then waits for every reply; the first failure fails the whole session. */
  async sendAll(messages: readonly OutgoingMessage[], timeoutMs: number): Promise<void> {
    const frames = messages.map((message) => this.#frame(message));
    const replies = frames.map(({ context }) => new Promise<void>((resolve, reject) => this.#pending.set(context, { resolve, reject })));
    // Every reply promise is observed by Promise.all below, or by this guard if we stop early.
    for (const reply of replies) reply.catch(() => undefined);
    const timer = setTimeout(() => this.fail(new Error(`producer ${this.topic}: no acknowledgement within ${timeoutMs} ms`)), timeoutMs);
    try {
      for (const { json } of frames) {
        if (this.#failure) throw this.#failure;
        this.ws.send(json);
      }
      await Promise.all(replies);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Rejects everything in flight and drops the socket: the next batch starts a fresh session. */
  fail(error: Error): void {
    this.#failure ??= error;
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }

  #frame(message: OutgoingMessage): { context: string; json: string } {
    const context = String(this.#nextContext++);
    const json = JSON.stringify({
      payload: message.payload.toString('base64'),
      properties: message.properties,
      key: message.key,
      context,
      eventTime: message.eventTime.toISOString(),
    });
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_FRAME_BYTES) {
      throw new Error(`message for ${message.topic} (key ${message.key}) is ${bytes} bytes as a WebSocket frame; the limit is ${MAX_FRAME_BYTES}`);
    }
    return { context, json };
  }

  #onReply(text: string): void {
    let reply: ProducerReply;
    try {
      reply = JSON.parse(text) as ProducerReply;
    } catch {
      this.fail(new Error(`producer ${this.topic}: unreadable reply ${text.slice(0, 200)}`));
      return;
    }
    const waiter = reply.context === undefined ? undefined : this.#pending.get(reply.context);
    if (!waiter) return;
    this.#pending.delete(reply.context!);
    if (reply.result === 'ok') waiter.resolve();
    // A refused message may be followed by accepted ones: only a fresh session keeps order.
    else this.fail(new Error(`producer ${this.topic}: ${reply.result ?? 'no result'} ${reply.errorMsg ?? ''}`.trim()));
  }
}

class WebSocketPublisher implements Publisher {
  readonly #sessions = new Map<string, Promise<ProducerSession>>();
  #closed = false;

  constructor(
    private readonly transport: WebSocketTransport,
    private readonly options: PublisherOptions,
    private readonly onClose: () => void,
  ) {}

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.#closed) throw new Error('publisher is closed');
    await sendPerTopic(messages, (topic, group) => this.#sendToTopic(topic, group));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const sessions = await Promise.allSettled(this.#sessions.values());
    this.#sessions.clear();
    for (const result of sessions) if (result.status === 'fulfilled') result.value.fail(new Error('publisher closed'));
    this.onClose();
  }

  async #sendToTopic(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const session = await this.#session(topic);
    try {
      await session.sendAll(messages, this.options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
    } catch (error) {
      session.fail(asError(error));
      throw error;
    }
  }

  #session(topic: string): Promise<ProducerSession> {
    const existing = this.#sessions.get(topic);
    if (existing) {
      return existing.then((session) => {
        if (session.usable) return session;
        if (this.#sessions.get(topic) === existing) this.#sessions.delete(topic); // unless a concurrent send replaced it
        return this.#session(topic);
      });
    }
    // No producerName: the WebSocket producer ignores sequence ids, so a fixed name would bring
    // no deduplication, only 409s while the broker still holds a dead predecessor's session.
    const url = `${this.transport.wsBase}/ws/v2/producer/${topicPath(topic)}${query({
      sendTimeoutMillis: this.options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
    })}`;
    const opening = this.transport.open(url).then((ws) => new ProducerSession(ws, topic));
    opening.catch(() => { if (this.#sessions.get(topic) === opening) this.#sessions.delete(topic); });
    this.#sessions.set(topic, opening);
    return opening;
  }
}

interface DeliveredFrame {
  messageId?: string;
  payload?: string;
  properties?: Record<string, string>;
  publishTime?: string;
  eventTime?: string;
  key?: string;
  redeliveryCount?: number;
}

/**
 * A consumer or reader socket that reconnects after any loss. Messages are handled one at a time;
 * those still queued when their socket died are dropped, because the broker delivers them again
 * (consumer: unacknowledged; reader: we resume after the last handled id).
 */
class MessageStream implements Subscription {
  #socket: WebSocket | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #reconnecting: Promise<void> | undefined;

  constructor(
    private readonly transport: WebSocketTransport,
    private readonly topic: string,
    private readonly url: () => string,
    private readonly handle: (message: ReceivedMessage) => Promise<'ack' | 'nack'>,
    private readonly onClose: () => void,
  ) {}

  /** The first connection must succeed, so a bad topic or a taken subscription fails loudly. */
  async start(): Promise<void> {
    this.#attach(await this.transport.open(this.url()));
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#socket?.close();
    this.#socket = undefined;
    await this.#queue;
    this.onClose();
  }

  #attach(ws: WebSocket): void {
    this.#socket = ws;
    ws.on('message', (data) => {
      let frame: DeliveredFrame;
      try {
        frame = JSON.parse(data.toString()) as DeliveredFrame;
      } catch {
        return;
      }
      if (typeof frame.messageId !== 'string' || typeof frame.payload !== 'string') return;
      const message = this.#decode(frame as DeliveredFrame & { messageId: string; payload: string });
      this.#queue = this.#queue.then(() => this.#dispatch(ws, message));
    });
    ws.once('close', (code, reason) => {
      if (this.#socket === ws) this.#socket = undefined;
      if (!this.#closed) this.#reconnect(new Error(`${this.topic}: socket closed (${code} ${reason.toString()})`));
    });
  }

  async #dispatch(ws: WebSocket, message: ReceivedMessage): Promise<void> {
    if (this.#socket !== ws || this.#closed) return;
    let outcome: 'ack' | 'nack';
    try {
      outcome = await this.handle(message);
    } catch {
      outcome = 'nack';
    }
    // An id from an earlier session closes the socket when acknowledged on a new one: skip it.
    if (this.#socket !== ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(outcome === 'ack'
      ? { messageId: message.messageId }
      : { type: 'negativeAcknowledge', messageId: message.messageId }));
  }

  #reconnect(cause: Error): void {
    if (this.#reconnecting) return;
    this.transport.options.onReconnect?.(cause);
    this.#reconnecting = (async () => {
      for (const delay of exponentialBackoff({ initialMs: 100, maxMs: 5_000 })) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.#closed) return;
        try {
          const ws = await this.transport.open(this.url());
          if (this.#closed) {
            ws.close();
            return;
          }
          this.#attach(ws);
          return;
        } catch (error) {
          this.transport.options.onReconnect?.(asError(error));
        }
      }
    })().finally(() => { this.#reconnecting = undefined; });
  }

  #decode(frame: DeliveredFrame & { messageId: string; payload: string }): ReceivedMessage {
    return {
      topic: this.topic,
      messageId: frame.messageId,
      key: frame.key,
      payload: Buffer.from(frame.payload, 'base64'),
      properties: frame.properties ?? {},
      publishTime: new Date(frame.publishTime ?? 0),
      eventTime: frame.eventTime ? new Date(frame.eventTime) : undefined,
      redeliveryCount: frame.redeliveryCount ?? 0,
    };
  }
}

/** Pulsar's WebSocket API (served by the broker itself) through `ws`. */
export class WebSocketTransport implements MessageTransport {
  readonly kind = 'websocket' as const;
  readonly wsBase: string;
  readonly #open = new Set<{ close(): Promise<void> }>();

  constructor(readonly options: WebSocketTransportOptions) {
    this.wsBase = options.webServiceUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  }

  createPublisher(options: PublisherOptions = {}): Publisher {
    const publisher: Publisher = new WebSocketPublisher(this, options, () => this.#open.delete(publisher));
    this.#open.add(publisher);
    return publisher;
  }

  async subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription> {
    const url = `${this.wsBase}/ws/v2/consumer/${topicPath(options.topic)}/${encodeURIComponent(options.subscription)}${query({
      subscriptionType: options.type ?? 'Key_Shared',
      subscriptionInitialPosition: (options.initialPosition ?? 'earliest') === 'earliest' ? 'Earliest' : 'Latest',
      receiverQueueSize: options.receiverQueueSize,
      negativeAckRedeliveryDelay: options.nackRedeliveryDelayMs,
      maxRedeliverCount: options.deadLetter?.maxRedeliverCount,
      deadLetterTopic: options.deadLetter?.topic,
    })}`;
    const stream: MessageStream = new MessageStream(this, options.topic, () => url, handler, () => this.#open.delete(stream));
    return this.#start(stream);
  }

  async read(options: ReadOptions, handler: (message: ReceivedMessage) => Promise<void>): Promise<Subscription> {
    let last = options.from === 'earliest' ? 'earliest' : options.from.after;
    const url = (): string => `${this.wsBase}/ws/v2/reader/${topicPath(options.topic)}${query({ messageId: last })}`;
    // A reader must acknowledge what it read, or the broker stops at the receiver queue size.
    const handle = async (message: ReceivedMessage): Promise<'ack'> => {
      await retryUntilStopped(() => handler(message), () => stream.closed, READER_RETRY);
      last = message.messageId;
      return 'ack';
    };
    const stream: MessageStream = new MessageStream(this, options.topic, url, handle, () => this.#open.delete(stream));
    return this.#start(stream);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#open].map((resource) => resource.close()));
    this.#open.clear();
  }

  /** Opens a socket with keep-alive pings. */
  async open(url: string): Promise<WebSocket> {
    const ws = await connect(url, this.options.connectTimeoutMs ?? 10_000);
    // An 'error' is always followed by 'close', which every user of a socket handles; without a
    // listener an 'error' would be thrown as an uncaught exception.
    ws.on('error', () => undefined);
    keepAlive(ws, this.options.pingIntervalMs ?? 30_000);
    return ws;
  }

  async #start(stream: MessageStream): Promise<Subscription> {
    await stream.start();
    this.#open.add(stream);
    return stream;
  }
}
