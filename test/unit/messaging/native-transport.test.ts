import { NativeTransport, type PulsarClientModule } from '../../../seedwork/infrastructure/messaging/native-transport.js';
import type { OutgoingMessage } from '../../../seedwork/infrastructure/messaging/message-transport.js';

// pulsar-client cannot be installed on this machine (see native-transport.ts), so the real
// broker contract suite runs it only where it loads. This pins how the port maps onto its API.

class FakeMessageId {
  constructor(readonly bytes: Buffer) {}
  serialize(): Buffer { return this.bytes; }
}

class FakeMessage {
  constructor(readonly n: number) {}
  getTopicName(): string { return 'persistent://t/n/topic'; }
  getProperties(): Record<string, string> { return { n: String(this.n) }; }
  getData(): Buffer { return Buffer.from(`payload ${this.n}`); }
  getMessageId(): FakeMessageId { return new FakeMessageId(Buffer.from([this.n])); }
  getPublishTimestamp(): number { return 1_000; }
  getEventTimestamp(): number { return 0; }
  getRedeliveryCount(): number { return 0; }
  getPartitionKey(): string { return `key-${this.n}`; }
}

function fakePulsar() {
  const calls = {
    producers: [] as Array<Record<string, unknown>>,
    sends: [] as Array<Record<string, unknown>>,
    closedProducers: 0,
    subscriptions: [] as Array<Record<string, unknown>>,
    acks: [] as number[],
    nacks: [] as number[],
    readers: [] as Array<{ startMessageId: FakeMessageId | 'earliest' }>,
  };
  let failNextSend = false;
  const inbox: FakeMessage[] = [];
  const nextMessage = async (): Promise<FakeMessage> => {
    const message = inbox.shift();
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error('timeout');
  };
  const module = {
    Client: class {
      async createProducer(config: Record<string, unknown>) {
        calls.producers.push(config);
        return {
          async send(message: Record<string, unknown>) {
            if (failNextSend) { failNextSend = false; throw new Error('send timeout'); }
            calls.sends.push(message);
          },
          async close() { calls.closedProducers++; },
        };
      }
      async subscribe(config: Record<string, unknown>) {
        calls.subscriptions.push(config);
        return {
          receive: nextMessage,
          async acknowledge(message: FakeMessage) { calls.acks.push(message.n); },
          negativeAcknowledge(message: FakeMessage) { calls.nacks.push(message.n); },
          async close() {},
        };
      }
      async createReader(config: { startMessageId: FakeMessageId | 'earliest' }) {
        calls.readers.push(config);
        return { readNext: nextMessage, async close() {} };
      }
      async close() {}
    },
    MessageId: { earliest: () => 'earliest', deserialize: (data: Buffer) => new FakeMessageId(data) },
  } as unknown as PulsarClientModule;
  return { module, calls, inbox, failNext: () => { failNextSend = true; } };
}

const message = (n: number): OutgoingMessage => ({
  topic: 'persistent://t/n/topic', key: `key-${n}`, payload: Buffer.from(`payload ${n}`),
  properties: { n: String(n) }, sequenceId: BigInt(100 + n), eventTime: new Date(2_000 + n),
});

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('NativeTransport mapping onto pulsar-client', () => {
  it('publishes with a fixed producer name, sequenceId = position, key and event time; a failed batch gets a fresh producer', async () => {
    const fake = fakePulsar();
    const transport = new NativeTransport(fake.module, { serviceUrl: 'pulsar://x:6650' });
    const publisher = transport.createPublisher({ producerName: 'outbox-relay-pulsar', sendTimeoutMs: 5_000 });
    await publisher.send([message(1), message(2)]);
    expect(fake.calls.producers).toEqual([{ topic: 'persistent://t/n/topic', producerName: 'outbox-relay-pulsar', sendTimeoutMs: 5_000, batchingEnabled: false, blockIfQueueFull: true }]);
    expect(fake.calls.sends[0]).toEqual({ data: Buffer.from('payload 1'), properties: { n: '1' }, partitionKey: 'key-1', eventTimestamp: 2_001, sequenceId: 101 });

    fake.failNext();
    await expect(publisher.send([message(3)])).rejects.toThrow('send timeout');
    expect(fake.calls.closedProducers).toBe(1);
    await publisher.send([message(3)]);
    expect(fake.calls.producers).toHaveLength(2);
    await transport.close();
  });

  it('subscribes Key_Shared from the earliest message with nack delay and dead-letter policy; ack, nack and throw', async () => {
    const fake = fakePulsar();
    const transport = new NativeTransport(fake.module, { serviceUrl: 'pulsar://x:6650' });
    fake.inbox.push(new FakeMessage(1), new FakeMessage(2), new FakeMessage(3));
    const seen: string[] = [];
    const subscription = await transport.subscribe(
      { topic: 'persistent://t/n/topic', subscription: 'sub', nackRedeliveryDelayMs: 200, deadLetter: { maxRedeliverCount: 3, topic: 'persistent://t/n/dlq' } },
      async (received) => {
        seen.push(`${received.key}:${received.payload.toString()}:${received.messageId}`);
        if (received.properties.n === '3') throw new Error('boom');
        return received.properties.n === '1' ? 'ack' : 'nack';
      },
    );
    await until(() => fake.calls.nacks.length === 2);
    await subscription.close();
    expect(fake.calls.subscriptions[0]).toMatchObject({
      subscriptionType: 'KeyShared', subscriptionInitialPosition: 'Earliest', nAckRedeliverTimeoutMs: 200,
      deadLetterPolicy: { deadLetterTopic: 'persistent://t/n/dlq', maxRedeliverCount: 3 },
    });
    expect(seen[0]).toBe(`key-1:payload 1:${Buffer.from([1]).toString('base64')}`);
    expect(fake.calls.acks).toEqual([1]);
    expect(fake.calls.nacks).toEqual([2, 3]);
  });

  it('reads from earliest or after a message id it handed out', async () => {
    const fake = fakePulsar();
    const transport = new NativeTransport(fake.module, { serviceUrl: 'pulsar://x:6650' });
    const read: number[] = [];
    fake.inbox.push(new FakeMessage(7));
    const reader = await transport.read({ topic: 'persistent://t/n/topic', from: 'earliest' }, async (m) => { read.push(Number(m.properties.n)); });
    await until(() => read.length === 1);
    await reader.close();
    const after = await transport.read({ topic: 'persistent://t/n/topic', from: { after: Buffer.from([7]).toString('base64') } }, async () => undefined);
    await after.close();
    expect(read).toEqual([7]);
    expect(fake.calls.readers[0]!.startMessageId).toBe('earliest');
    expect(fake.calls.readers[1]!.startMessageId).toEqual(new FakeMessageId(Buffer.from([7])));
    await transport.close();
  });
});
