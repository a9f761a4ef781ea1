import { WebSocketServer } from 'ws';
import { loadPulsarClient } from '../../../seedwork/infrastructure/messaging/native-transport.js';
import { WebSocketTransport } from '../../../seedwork/infrastructure/messaging/websocket-transport.js';
import { createMessageTransport } from '../../../seedwork/infrastructure/messaging/transport-factory.js';
import type {
  MessageTransport, OutgoingMessage, ReceivedMessage, Subscription, TransportKind,
} from '../../../seedwork/infrastructure/messaging/message-transport.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { createTestNamespace, ensurePulsar, type PulsarEndpoints, type TestNamespace } from '../../support/pulsar.js';

// Every transport that loads on this machine runs the same contract against the real broker.
const nativeLoads = await loadPulsarClient().then(() => true, () => false);
const kinds: TransportKind[] = nativeLoads ? ['websocket', 'native'] : ['websocket'];

const BROKER_SETUP_MS = 15 * 60_000;

function outgoing(topic: string, n: number, key = `key-${n % 5}`): OutgoingMessage {
  return {
    topic,
    key,
    payload: Buffer.from(JSON.stringify({ n, text: `message ${n} ✓` })),
    properties: { n: String(n), eventType: 'ThingHappened' },
    sequenceId: BigInt(n + 1),
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)),
  };
}

const numberOf = (message: ReceivedMessage): number => (JSON.parse(message.payload.toString()) as { n: number }).n;

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Reads a topic from the earliest message until `count` messages arrived. */
async function readAll(transport: MessageTransport, topic: string, count: number): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  const reader = await transport.read({ topic, from: 'earliest' }, async (message) => { received.push(message); });
  try {
    await until(() => received.length >= count, 30_000, `${count} messages on ${topic}`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // nothing extra may follow
  } finally {
    await reader.close();
  }
  return received;
}

describe('transport selection (PULSAR_TRANSPORT)', () => {
  let pulsar: PulsarEndpoints;
  beforeAll(async () => { pulsar = await ensurePulsar(); }, BROKER_SETUP_MS);

  it('auto picks native when it loads and falls back to WebSocket, saying why, when it does not', async () => {
    const warnings: string[] = [];
    const transport = await createMessageTransport(
      { transport: 'auto', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.adminUrl },
      { onWarning: (warning) => warnings.push(warning) },
    );
    await transport.close();
    expect(transport.kind).toBe(nativeLoads ? 'native' : 'websocket');
    if (!nativeLoads) expect(warnings.join('\n')).toMatch(/pulsar-client.*cannot be loaded.*WebSocket/s);
  });

  if (!nativeLoads) {
    it('native fails with a clear message when pulsar-client is not installed', async () => {
      await expect(createMessageTransport({ transport: 'native', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.adminUrl }))
        .rejects.toThrow(/native Pulsar client \(npm "pulsar-client".*cannot be loaded.*PULSAR_TRANSPORT=websocket/s);
    });
  }
});

describe.each(kinds)('%s transport contract (real broker)', (kind) => {
  let pulsar: PulsarEndpoints;
  let ns: TestNamespace;
  let transport: MessageTransport;

  beforeAll(async () => {
    pulsar = await ensurePulsar();
    ns = await createTestNamespace(pulsar, `contract-${kind}`);
    transport = await createMessageTransport({ transport: kind, serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.adminUrl });
  }, BROKER_SETUP_MS);
  afterAll(async () => {
    await transport?.close();
    await ns?.drop();
  });

  it('resolves once the broker acknowledged a batch; payload, key, properties and event time round-trip', async () => {
    const topic = ns.topic('round-trip');
    const publisher = transport.createPublisher();
    await publisher.send([0, 1, 2].map((n) => outgoing(topic, n)));
    await publisher.close();

    const received = await readAll(transport, topic, 3);
    expect(received.map(numberOf)).toEqual([0, 1, 2]);
    const [first] = received;
    expect(first!.key).toBe('key-0');
    expect(first!.properties).toEqual({ n: '0', eventType: 'ThingHappened' });
    expect(JSON.parse(first!.payload.toString())).toEqual({ n: 0, text: 'message 0 ✓' });
    expect(first!.eventTime?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(first!.topic).toContain('round-trip');
    expect(first!.redeliveryCount).toBe(0);
    expect(first!.publishTime.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps array order per topic for large pipelined batches to several topics', async () => {
    const topics = [ns.topic('order-a'), ns.topic('order-b')];
    const publisher = transport.createPublisher();
    const batch = Array.from({ length: 3000 }, (_, n) => outgoing(topics[n % 2]!, n));
    await publisher.send(batch.slice(0, 1500));
    await publisher.send(batch.slice(1500));
    await publisher.close();
    for (const [index, topic] of topics.entries()) {
      const numbers = (await readAll(transport, topic, 1500)).map(numberOf);
      expect(numbers).toEqual(batch.filter((_, n) => n % 2 === index).map((_, i) => i * 2 + index));
    }
  });

  it('Key_Shared: every key goes to one consumer, in order', async () => {
    const topic = ns.topic('key-shared');
    const got: Array<Array<{ key: string; n: number }>> = [[], []];
    const consumers: Subscription[] = [];
    for (const seen of got) {
      consumers.push(await transport.subscribe({ topic, subscription: 'workers' }, async (message) => {
        seen.push({ key: message.key!, n: numberOf(message) });
        return 'ack';
      }));
    }
    const publisher = transport.createPublisher();
    await publisher.send(Array.from({ length: 400 }, (_, n) => outgoing(topic, n, `aggregate-${n % 16}`)));
    await publisher.close();
    await until(() => got[0]!.length + got[1]!.length >= 400, 30_000, '400 messages over two consumers');
    await Promise.all(consumers.map((consumer) => consumer.close()));

    expect(got[0]!.length + got[1]!.length).toBe(400);
    const owner = new Map<string, number>();
    got.forEach((seen, consumer) => {
      const last = new Map<string, number>();
      for (const { key, n } of seen) {
        expect(owner.get(key) ?? consumer).toBe(consumer);
        owner.set(key, consumer);
        expect(n).toBeGreaterThan(last.get(key) ?? -1);
        last.set(key, n);
      }
    });
    expect(owner.size).toBe(16);
  });

  it('redelivers a negatively acknowledged message with a higher redelivery count', async () => {
    const topic = ns.topic('nack');
    const deliveries: Array<{ n: number; redeliveryCount: number }> = [];
    const consumer = await transport.subscribe({ topic, subscription: 'nacker', nackRedeliveryDelayMs: 200 }, async (message) => {
      deliveries.push({ n: numberOf(message), redeliveryCount: message.redeliveryCount });
      return message.redeliveryCount === 0 ? 'nack' : 'ack';
    });
    const publisher = transport.createPublisher();
    await publisher.send([0, 1, 2].map((n) => outgoing(topic, n)));
    await publisher.close();
    await until(() => deliveries.filter((d) => d.redeliveryCount > 0).length >= 3, 30_000, 'redeliveries');
    await consumer.close();
    for (const n of [0, 1, 2]) {
      expect(deliveries.filter((d) => d.n === n).map((d) => d.redeliveryCount).slice(0, 2)).toEqual([0, 1]);
    }
  });

  it('a handler that throws counts as nack; after maxRedeliverCount the message goes to the dead-letter topic', async () => {
    const topic = ns.topic('poison');
    const deadLetterTopic = ns.topic('poison-DLQ');
    const acked: number[] = [];
    const consumer = await transport.subscribe(
      { topic, subscription: 'picky', nackRedeliveryDelayMs: 100, deadLetter: { maxRedeliverCount: 2, topic: deadLetterTopic } },
      async (message) => {
        if (numberOf(message) === 1) throw new Error('cannot handle this one');
        acked.push(numberOf(message));
        return 'ack';
      },
    );
    const publisher = transport.createPublisher();
    await publisher.send([0, 1, 2].map((n) => outgoing(topic, n)));
    await publisher.close();
    const dead = await readAll(transport, deadLetterTopic, 1);
    await consumer.close();
    expect(dead.map(numberOf)).toEqual([1]);
    expect(dead[0]!.properties.n).toBe('1');
    expect(acked.sort()).toEqual([0, 2]);
  });

  it('a reader resumes after a given message id', async () => {
    const topic = ns.topic('resume');
    const publisher = transport.createPublisher();
    await publisher.send([0, 1, 2, 3].map((n) => outgoing(topic, n)));
    await publisher.close();
    const all = await readAll(transport, topic, 4);
    const rest: number[] = [];
    const reader = await transport.read({ topic, from: { after: all[1]!.messageId } }, async (message) => { rest.push(numberOf(message)); });
    await until(() => rest.length >= 2, 30_000, 'the rest');
    await reader.close();
    expect(rest).toEqual([2, 3]);
  });

  it('rejects a batch the broker refuses, and the publisher keeps working', async () => {
    const publisher = transport.createPublisher({ sendTimeoutMs: 10_000 });
    const nowhere = `persistent://${ns.tenant}/no-such-namespace-${Date.now()}/t`;
    await expect(publisher.send([outgoing(ns.topic('fine'), 0), outgoing(nowhere, 1)])).rejects.toThrow();
    await publisher.send([outgoing(ns.topic('fine'), 2)]);
    await publisher.close();
    expect((await readAll(transport, ns.topic('fine'), 2)).map(numberOf)).toEqual([0, 2]);
  });

  if (kind === 'websocket') {
    it('refuses a message larger than a WebSocket frame with a clear error', async () => {
      const publisher = transport.createPublisher();
      const huge = { ...outgoing(ns.topic('huge'), 0), payload: Buffer.alloc(900 * 1024, 1) };
      await expect(publisher.send([huge])).rejects.toThrow(/limit is 1048576/);
      await publisher.close();
    });
  }
});

describe('websocket transport keep-alive', () => {
  let pulsar: PulsarEndpoints;
  beforeAll(async () => { pulsar = await ensurePulsar(); }, BROKER_SETUP_MS);

  it('pings keep a broker session open', async () => {
    const lost: Error[] = [];
    const transport = new WebSocketTransport({ webServiceUrl: pulsar.adminUrl, pingIntervalMs: 100, onReconnect: (error) => lost.push(error) });
    const ns = await createTestNamespace(pulsar, 'ping');
    const received: number[] = [];
    const reader = await transport.read({ topic: ns.topic('ping'), from: 'earliest' }, async (message) => { received.push(numberOf(message)); });
    await new Promise((resolve) => setTimeout(resolve, 600)); // several ping/pong rounds
    const publisher = transport.createPublisher();
    await publisher.send([outgoing(ns.topic('ping'), 1)]);
    await until(() => received.length === 1, 10_000, 'the message');
    await reader.close();
    await transport.close();
    await ns.drop();
    expect(lost).toEqual([]);
  });

  it('a consumer reconnects after its connection drops and gets what was published meanwhile', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(pulsar.adminUrl).port));
    const port = await proxy.start();
    const lost: Error[] = [];
    const viaProxy = new WebSocketTransport({ webServiceUrl: `http://127.0.0.1:${port}`, onReconnect: (error) => lost.push(error) });
    const direct = new WebSocketTransport({ webServiceUrl: pulsar.adminUrl });
    const ns = await createTestNamespace(pulsar, 'reconnect');
    const topic = ns.topic('reconnect');
    const received: number[] = [];
    const consumer = await viaProxy.subscribe({ topic, subscription: 'survivor' }, async (message) => {
      received.push(numberOf(message));
      return 'ack';
    });
    const publisher = direct.createPublisher();
    await publisher.send([outgoing(topic, 1)]);
    await until(() => received.length === 1, 10_000, 'the first message');
    await proxy.cut();
    await publisher.send([outgoing(topic, 2), outgoing(topic, 3)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.start();
    await until(() => received.length >= 3, 15_000, 'the messages published during the cut');
    await consumer.close();
    await publisher.close();
    await Promise.all([viaProxy.close(), direct.close()]);
    await proxy.cut();
    await ns.drop();
    expect(received).toEqual([1, 2, 3]);
    expect(lost.length).toBeGreaterThan(0);
  });

  it('cuts off and reconnects to a peer that stops answering pings', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise((resolve) => silent.once('listening', resolve));
    let connections = 0;
    silent.on('connection', () => { connections++; });
    const { port } = silent.address() as { port: number };
    const lost: Error[] = [];
    const transport = new WebSocketTransport({ webServiceUrl: `http://127.0.0.1:${port}`, pingIntervalMs: 100, onReconnect: (error) => lost.push(error) });
    const reader = await transport.read({ topic: 'persistent://public/default/silent', from: 'earliest' }, async () => undefined);
    await until(() => connections >= 2, 10_000, 'a reconnection');
    await reader.close();
    await transport.close();
    await new Promise((resolve) => silent.close(resolve));
    expect(lost[0]?.message).toMatch(/socket closed/);
  });
});
