import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EventConsumer, type ConsumerLogger } from '../../../seedwork/infrastructure/messaging/event-consumer.js';
import type { MessageTransport, ReceivedMessage } from '../../../seedwork/infrastructure/messaging/message-transport.js';
import { createConsumerFixture, eventually, syntheticEvents, type ConsumerFixture } from '../../support/consumer-fixture.js';

const SUPPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../support');

/** A consumer process (see event-consumer-process.ts) and its JSON output lines. */
function consumerProcess(fixture: ConsumerFixture, topic: string, subscription: string, crashAfterCommit = '') {
  const child: ChildProcess = spawn(process.execPath, ['--import', path.join(SUPPORT, 'register-typescript.mjs'), path.join(SUPPORT, 'event-consumer-process.ts')], {
    env: {
      ...process.env, NODE_OPTIONS: '', DATABASE_URL: fixture.database.url, PULSAR_ADMIN_URL: fixture.pulsar.adminUrl,
      TOPIC: topic, SUBSCRIPTION: subscription, CRASH_AFTER_COMMIT: crashAfterCommit,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, lines, errors, exited };
}

/** Logs kept for assertions, in pino's (details, message) form. */
function memoryLogger(): ConsumerLogger & { lines: Array<{ level: string; details: Record<string, unknown>; message: string }> } {
  const lines: Array<{ level: string; details: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (details: object, message: string) => { lines.push({ level, details: details as Record<string, unknown>, message }); };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('EventConsumer: inbox, redelivery and dead letters on a real broker', () => {
  let fixture: ConsumerFixture;
  const children: ChildProcess[] = [];
  beforeAll(async () => { fixture = await createConsumerFixture('consumer'); });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await fixture?.close();
  });

  it('a consumer killed after COMMIT and before the ack: the event is redelivered and not applied twice', async () => {
    const events = syntheticEvents('Crashed', 4, 5);
    await fixture.publish(events);
    const victim = events[7]!;
    const topic = fixture.topicOf('Crashed');
    const first = consumerProcess(fixture, topic, 'crash-sub', victim.eventId);
    children.push(first.child);
    const died = await first.exited;
    expect({ signal: died.signal, errors: first.errors.join('') }).toEqual({ signal: 'SIGKILL', errors: '' });
    expect(first.lines).toContainEqual({ crashing: victim.eventId });
    // Its transaction committed: effect and inbox row are there, the ack never left.
    expect((await fixture.appliedCounts()).get(victim.eventId)).toBe(1);

    const second = consumerProcess(fixture, topic, 'crash-sub');
    children.push(second.child);
    await eventually(async () => (await fixture.appliedCounts()).size === events.length, 30_000, 'every event applied');
    second.child.kill('SIGTERM');
    await second.exited;
    const counts = await fixture.appliedCounts();
    expect(events.filter((e) => counts.get(e.eventId) !== 1)).toEqual([]);
    const stats = second.lines.find((line) => line.stats)?.stats as { duplicates: number; handled: number };
    expect(stats.duplicates).toBeGreaterThanOrEqual(1); // the victim came back and was recognised
    const [{ n }] = await fixture.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_inbox WHERE consumer = 'crash-sub'`);
    expect(n).toBe(events.length);
  });

  it('acknowledgements lost after COMMIT: the redeliveries are acknowledged without running the handler', async () => {
    const events = syntheticEvents('LostAck', 3, 4);
    await fixture.publish(events);
    const lost = new Set([events[0]!.eventId, events[5]!.eventId, events[11]!.eventId]);
    // The handler commits, then the ack is turned into a nack: the broker delivers it again.
    const losingAcks: MessageTransport = {
      kind: fixture.transport.kind,
      createPublisher: (o) => fixture.transport.createPublisher(o), read: (o, h) => fixture.transport.read(o, h), close: async () => undefined,
      subscribe: (options, handler) => fixture.transport.subscribe(options, async (message: ReceivedMessage) => {
        const outcome = await handler(message);
        return lost.delete(message.properties.eventId!) ? 'nack' : outcome;
      }),
    };
    const consumer = new EventConsumer({
      transport: losingAcks, topic: fixture.topicOf('LostAck'), subscription: 'lost-acks', db: fixture.db, uow: fixture.uow, handler: fixture.recordingHandler(),
      nackRedeliveryDelayMs: 100,
    });
    await consumer.start();
    try {
      await eventually(async () => consumer.stats().duplicates >= 3, 30_000, 'three redeliveries');
      expect(consumer.stats()).toEqual({ handled: events.length, duplicates: 3, failed: 0 });
      const counts = await fixture.appliedCounts();
      expect(events.map((e) => counts.get(e.eventId))).toEqual(events.map(() => 1));
    } finally {
      await consumer.stop();
    }
  });

  it('a handler that throws on one event: it is retried, then lands in the dead-letter topic; the others flow', async () => {
    const events = syntheticEvents('Poisoned', 3, 4);
    await fixture.publish(events);
    const poison = events[4]!;
    const record = fixture.recordingHandler();
    const logger = memoryLogger();
    const consumer = new EventConsumer({
      transport: fixture.transport, topic: fixture.topicOf('Poisoned'), subscription: 'dlq-sub', db: fixture.db, uow: fixture.uow, logger,
      maxRedeliveries: 2, nackRedeliveryDelayMs: 100,
      handler: async (event) => {
        await record(event); // rolled back with the failure: never visible
        if (event.eventId === poison.eventId) throw new Error('cannot handle this one');
      },
    });
    await consumer.start();
    const deadLetters: ReceivedMessage[] = [];
    try {
      await eventually(async () => {
        const counts = await fixture.appliedCounts();
        return events.filter((e) => counts.has(e.eventId)).length === events.length - 1;
      }, 30_000, 'the other events');
      const reader = await fixture.transport.read({ topic: consumer.deadLetterTopic, from: 'earliest' }, async (message) => { deadLetters.push(message); });
      await eventually(async () => deadLetters.length > 0, 30_000, 'the dead letter');
      await reader.close();
    } finally {
      await consumer.stop();
    }
    expect(deadLetters.map((m) => m.properties.eventId)).toEqual([poison.eventId]);
    expect(JSON.parse(deadLetters[0]!.payload.toString()).eventId).toBe(poison.eventId);
    const counts = await fixture.appliedCounts();
    expect(counts.has(poison.eventId)).toBe(false);
    expect(events.filter((e) => e !== poison).every((e) => counts.get(e.eventId) === 1)).toBe(true);
    // One try plus maxRedeliveries, each logged with the error, the event id and the redelivery count.
    const failures = logger.lines.filter((line) => line.details.eventId === poison.eventId);
    expect(failures.map((line) => [line.level, line.details.redeliveryCount])).toEqual([['warn', 0], ['warn', 1], ['error', 2]]);
    expect(failures.every((line) => (line.details.err as Error).message === 'cannot handle this one')).toBe(true);
    expect(failures[2]!.details.deadLetterTopic).toBe(consumer.deadLetterTopic);
    const [{ n }] = await fixture.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_inbox WHERE consumer = 'dlq-sub' AND event_id = $1`, [poison.eventId]);
    expect(n).toBe(0);
  });
});
