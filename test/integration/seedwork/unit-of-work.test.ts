import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { currentTransaction } from '../../../seedwork/infrastructure/database/transaction-context.js';
import { ConcurrencyError } from '../../../seedwork/domain/index.js';
import { SYSTEM_ACTOR } from '../../../seedwork/application/index.js';
import { migrations } from '../../../src/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const context = { actor: SYSTEM_ACTOR, correlationId: 'corr-uow' };

/** The backend's transaction id when a transaction block is open, else null (each statement is its own). */
async function openTransactionId(db: Database): Promise<string | null> {
  const [row] = await db.query<{ xid: string | null }>(`SELECT pg_current_xact_id_if_assigned()::text AS xid`);
  return row!.xid;
}

describe('TypeOrmUnitOfWork', () => {
  let pg: TestDatabase;
  let ds: DataSource;
  let db: Database;
  let uow: TypeOrmUnitOfWork;

  beforeAll(async () => {
    pg = await createTestDatabase();
    ds = createDataSource({ url: pg.url, migrations });
    await ds.initialize();
    db = new Database(ds);
    uow = new TypeOrmUnitOfWork(ds);
    await db.execute(`CREATE TABLE uow_probe (id int PRIMARY KEY, n int NOT NULL)`);
  });
  afterAll(async () => {
    await ds.destroy();
    await pg.drop();
  });
  beforeEach(() => db.execute(`TRUNCATE uow_probe`));

  describe('runOptimistic', () => {
    it('runs the work once outside a transaction, with the execution context visible', async () => {
      const calls: boolean[] = [];
      await uow.runOptimistic(context, async (inTransaction) => {
        calls.push(inTransaction);
        expect(currentTransaction()?.client).toBeUndefined();
        expect(currentTransaction()?.execution.correlationId).toBe('corr-uow');
        await db.execute(`INSERT INTO uow_probe VALUES (1, 1)`);
        // Autocommit: the insert is already visible to another connection, and no block is open.
        expect(await ds.query(`SELECT n FROM uow_probe WHERE id = 1`)).toEqual([{ n: 1 }]);
        expect(await openTransactionId(db)).toBeNull();
      });
      expect(calls).toEqual([false]);
    });

    it('runs the work again inside a transaction after losing a race, and only then', async () => {
      const calls: Array<{ inTransaction: boolean; hasClient: boolean }> = [];
      const result = await uow.runOptimistic(context, async (inTransaction) => {
        calls.push({ inTransaction, hasClient: currentTransaction()?.client !== undefined });
        if (!inTransaction) throw new ConcurrencyError('Thing', 'x');
        await db.execute(`INSERT INTO uow_probe VALUES (2, 1)`);
        return 'done';
      });
      expect(result).toBe('done');
      expect(calls).toEqual([{ inTransaction: false, hasClient: false }, { inTransaction: true, hasClient: true }]);
      expect(await ds.query(`SELECT n FROM uow_probe`)).toEqual([{ n: 1 }]);
    });

    it('does not run again after any other error', async () => {
      let calls = 0;
      await expect(uow.runOptimistic(context, async () => { calls++; throw new Error('boom'); })).rejects.toThrow('boom');
      expect(calls).toBe(1);
    });

    it('joins an enclosing transaction: its writes roll back with it', async () => {
      const seen: boolean[] = [];
      await expect(uow.run(context, async () => {
        await uow.runOptimistic(context, async (inTransaction) => {
          seen.push(inTransaction);
          await db.execute(`INSERT INTO uow_probe VALUES (3, 1)`);
        });
        throw new Error('outer fails');
      })).rejects.toThrow('outer fails');
      expect(seen).toEqual([true]);
      expect(await ds.query(`SELECT * FROM uow_probe`)).toEqual([]);
    });

    it('lets optimistic work open one transaction for several writes, which a lost race rolls back whole', async () => {
      let optimisticRuns = 0;
      await uow.runOptimistic(context, async (inTransaction) => {
        if (!inTransaction) optimisticRuns++;
        await uow.run(context, async () => {
          expect(await openTransactionId(db)).toBeNull(); // nothing written yet in this block
          await db.execute(`INSERT INTO uow_probe VALUES (4, 1)`);
          await db.execute(`INSERT INTO uow_probe VALUES (5, 1)`);
          // The first time round a concurrent writer "wins" after both inserts: neither may stay.
          if (!inTransaction) throw new ConcurrencyError('Thing', 'y');
        });
      });
      expect(optimisticRuns).toBe(1);
      expect(await ds.query(`SELECT id FROM uow_probe ORDER BY id`)).toEqual([{ id: 4 }, { id: 5 }]);
    });
  });

  describe('run', () => {
    it('commits the work in one transaction', async () => {
      await uow.run(context, async () => {
        await db.execute(`INSERT INTO uow_probe VALUES (6, 1)`);
        const first = await openTransactionId(db);
        await db.execute(`INSERT INTO uow_probe VALUES (7, 1)`);
        expect(first).not.toBeNull();
        expect(await openTransactionId(db)).toBe(first);
      });
      expect(await ds.query(`SELECT id FROM uow_probe ORDER BY id`)).toEqual([{ id: 6 }, { id: 7 }]);
    });

    it('retries the whole work on ConcurrencyError when it is the outermost unit of work', async () => {
      let attempts = 0;
      await uow.run(context, async () => {
        attempts++;
        await db.execute(`INSERT INTO uow_probe VALUES (8, $1)`, [attempts]);
        if (attempts < 3) throw new ConcurrencyError('Thing', 'z');
      });
      expect(attempts).toBe(3);
      expect(await ds.query(`SELECT n FROM uow_probe`)).toEqual([{ n: 3 }]);
    });
  });
});
