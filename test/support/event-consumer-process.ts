// An EventConsumer in a process of its own, so a test can let it die between commit and ack:
//   node --import ./test/support/register-typescript.mjs test/support/event-consumer-process.ts
// Env: DATABASE_URL, PULSAR_ADMIN_URL, TOPIC, SUBSCRIPTION, and CRASH_AFTER_COMMIT (an eventId):
// once that event's transaction has committed, the process SIGKILLs itself before acknowledging.
// Prints one JSON line when subscribed and its stats on SIGTERM.
import 'reflect-metadata';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { EventConsumer } from '../../seedwork/infrastructure/messaging/event-consumer.js';
import type { MessageTransport } from '../../seedwork/infrastructure/messaging/message-transport.js';
import { createMessageTransport } from '../../seedwork/infrastructure/messaging/transport-factory.js';
import { migrations } from '../../src/migrations/index.js';

const { DATABASE_URL, PULSAR_ADMIN_URL, TOPIC, SUBSCRIPTION, CRASH_AFTER_COMMIT } = process.env;
if (!DATABASE_URL || !PULSAR_ADMIN_URL || !TOPIC || !SUBSCRIPTION) throw new Error('DATABASE_URL, PULSAR_ADMIN_URL, TOPIC and SUBSCRIPTION are required');
const print = (line: object): void => { process.stdout.write(`${JSON.stringify(line)}\n`); };

const dataSource = createDataSource({ url: DATABASE_URL, migrations, poolSize: 4 });
await dataSource.initialize();
const db = new Database(dataSource);
const real = await createMessageTransport({ transport: 'websocket', serviceUrl: 'pulsar://unused', webServiceUrl: PULSAR_ADMIN_URL });
// The consumer's handler resolves after COMMIT; the transport acknowledges after it resolves.
const transport: MessageTransport = {
  kind: real.kind,
  createPublisher: (options) => real.createPublisher(options),
  read: (options, handler) => real.read(options, handler),
  close: () => real.close(),
  subscribe: (options, handler) => real.subscribe(options, async (message) => {
    const outcome = await handler(message);
    if (message.properties.eventId === CRASH_AFTER_COMMIT) {
      print({ crashing: CRASH_AFTER_COMMIT });
      process.kill(process.pid, 'SIGKILL');
    }
    return outcome;
  }),
};
const consumer = new EventConsumer({
  transport, topic: TOPIC, subscription: SUBSCRIPTION, db, uow: new TypeOrmUnitOfWork(dataSource), nackRedeliveryDelayMs: 100,
  handler: async (event) => {
    await db.execute(`INSERT INTO consumer_applied (event_id, aggregate_id, version) VALUES ($1, $2, $3)`, [event.eventId, event.aggregateId, event.aggregateVersion]);
  },
});
await consumer.start();
print({ subscribed: process.pid });

process.once('SIGTERM', () => {
  void consumer.stop().then(async () => {
    print({ stats: consumer.stats() });
    await real.close();
    await dataSource.destroy();
    process.exit(0);
  });
});
