import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { EventLogSource } from '../../../seedwork/infrastructure/messaging/event-log-source.js';
import type { EventEnvelope } from '../../../seedwork/infrastructure/messaging/event-envelope.js';
import { migrations } from '../../../src/migrations/index.js';
import { eventually } from '../../support/consumer-fixture.js';
import { runWriters } from '../../support/event-writers.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('EventLogSource: a consumer fed straight from domain_events', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: Database;
  const sources: EventLogSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ url: database.url, migrations, poolSize: 40 });
    await dataSource.initialize();
    db = new Database(dataSource);
    await db.execute(`CREATE TABLE consumer_applied (event_id uuid NOT NULL, aggregate_id uuid NOT NULL, version int NOT NULL, n serial)`);
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.stop()));
    await dataSource.destroy();
    await database.drop();
  });

  function source(): EventLogSource {
    const created = new EventLogSource({
      databaseUrl: database.url, name: 'log-test', db, uow: new TypeOrmUnitOfWork(dataSource), aggregateTypes: ['Campaign'], batchSize: 50,
      pollIntervalMs: 200, leaseRetryMs: 100, retry: { initialMs: 20, maxMs: 200 },
      handler: async (event: EventEnvelope) => {
        await db.execute(`INSERT INTO consumer_applied (event_id, aggregate_id, version) VALUES ($1, $2, $3)`, [event.eventId, event.aggregateId, event.aggregateVersion]);
      },
    });
    sources.push(created);
    created.start();
    return created;
  }

  it('applies every committed event of its types once, in each aggregate\'s order, across restarts and with a standby', async () => {
    let first = source();
    source(); // a standby: waits for the lease
    let restarts = 0;
    const writing = runWriters(dataSource, 12, { events: 150, maxDelayMs: 8, rollbackRate: 0.05, aggregateTypes: ['Campaign', 'Lead'] });
    while (restarts < 3) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await first.stop(); // the standby takes over; the stopped one comes back as a standby
      first = source();
      restarts++;
    }
    const written = await writing;
    const campaignEvents = await db.query<{ event_id: string }>(`SELECT event_id FROM domain_events WHERE aggregate_type = 'Campaign'`);
    await eventually(async () => (await db.query(`SELECT 1 FROM consumer_applied`)).length >= campaignEvents.length, 30_000, 'every campaign event');
    await eventually(async () => (await db.query<{ position: string }>(`SELECT position::text FROM outbox_checkpoints WHERE name = 'log-test'`))[0]?.position
      === (await db.query<{ max: string }>(`SELECT max(position)::text AS max FROM domain_events`))[0]!.max, 10_000, 'the checkpoint at the end of the log');

    const applied = await db.query<{ event_id: string; aggregate_id: string; version: number }>(`SELECT event_id, aggregate_id, version FROM consumer_applied ORDER BY n`);
    expect(applied.length).toBe(campaignEvents.length);
    expect(new Set(applied.map((a) => a.event_id))).toEqual(new Set(campaignEvents.map((e) => e.event_id)));
    expect(applied.some((a) => written.rolledBack.has(a.event_id))).toBe(false);
    const last = new Map<string, number>();
    const outOfOrder = applied.filter((a) => {
      const ok = a.version === (last.get(a.aggregate_id) ?? 0) + 1;
      last.set(a.aggregate_id, a.version);
      return !ok;
    });
    expect(outOfOrder).toEqual([]);
  });
});
