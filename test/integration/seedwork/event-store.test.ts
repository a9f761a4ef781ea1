import 'reflect-metadata';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { ConcurrencyError, newId, type DomainEvent } from '../../../seedwork/domain/index.js';
import { SYSTEM_ACTOR } from '../../../seedwork/application/index.js';
import { migrations } from '../../../src/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import type { DataSource } from 'typeorm';

const context = { actor: SYSTEM_ACTOR, correlationId: 'corr-1' };

function event(aggregateId: string, version: number): DomainEvent {
  return {
    eventId: newId(), eventType: 'ThingHappened', schemaVersion: 1, aggregateType: 'Thing', aggregateId,
    aggregateVersion: version, brandId: 'acme', occurredAt: new Date('2026-01-01T00:00:00Z'), data: { n: version, quote: `it's "x"` },
  };
}

describe('EventStore on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: EventStore;
  let uow: TypeOrmUnitOfWork;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, migrations });
    await ds.initialize();
    store = new EventStore(new Database(ds));
    uow = new TypeOrmUnitOfWork(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('appends several events in order with metadata and the writing transaction id', async () => {
    const id = newId();
    await uow.run(context, () => store.append([event(id, 1), event(id, 2), event(id, 3)]));
    const read = await store.ofAggregate('Thing', id, 'all', 0, 10);
    expect(read.map((e) => e.aggregateVersion)).toEqual([1, 2, 3]);
    expect(read[1]!.data).toEqual({ n: 2, quote: `it's "x"` });
    expect(read[0]).toMatchObject({ correlationId: 'corr-1', causationId: null, actor: { sub: 'system', role: 'system' } });
    const positions = await ds.query(`SELECT position::text AS p FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id]);
    expect(BigInt(positions[2].p)).toBeGreaterThan(BigInt(positions[0].p));
    const [{ n }] = await ds.query(`SELECT count(DISTINCT transaction_id)::int AS n FROM domain_events WHERE aggregate_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('turns a duplicate aggregate version into a ConcurrencyError and keeps the log unchanged', async () => {
    const id = newId();
    await uow.run(context, () => store.append([event(id, 1)]));
    let attempts = 0;
    await expect(uow.run(context, async () => { attempts++; await store.append([event(id, 1)]); })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(attempts).toBeGreaterThan(1); // the unit of work retried before giving up
    expect(await store.ofAggregate('Thing', id, 'all', 0, 10)).toHaveLength(1);
  });

  it('scopes reads by brand', async () => {
    const id = newId();
    await uow.run(context, () => store.append([event(id, 1)]));
    expect(await store.ofAggregate('Thing', id, ['other'], 0, 10)).toHaveLength(0);
    expect(await store.ofAggregate('Thing', id, ['acme'], 0, 10)).toHaveLength(1);
  });

  it('refuses to update or delete history', async () => {
    await expect(ds.query(`UPDATE domain_events SET brand_id = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM domain_events`)).rejects.toThrow(/append-only/);
  });

  it('rolls back state and events together when the work fails', async () => {
    const id = newId();
    await expect(uow.run(context, async () => {
      await store.append([event(id, 1)]);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.ofAggregate('Thing', id, 'all', 0, 10)).toHaveLength(0);
  });
});
