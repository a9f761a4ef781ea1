import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { ConcurrencyError } from '../../domain/index.js';
import type { ExecutionContext, UnitOfWork } from '../../application/index.js';
import { currentTransaction, transactionStorage } from './transaction-context.js';

const MAX_ATTEMPTS = 8;
/** PostgreSQL errors that mean "another transaction won; run again": serialization failure, deadlock. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

function isRetryable(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  const code = (error as { code?: string })?.code;
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

/**
 * UnitOfWork on the TypeORM DataSource's connection pool, shared with repositories through
 * AsyncLocalStorage. BEGIN/COMMIT go straight to the pg client: a TypeORM QueryRunner per
 * transaction cost about a fifth of the command path's CPU in `npm run bench`.
 */
export class TypeOrmUnitOfWork implements UnitOfWork {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async run<T>(context: ExecutionContext, work: () => Promise<T>): Promise<T> {
    const outer = currentTransaction();
    if (outer?.client) return work();
    // Opened by optimistic work: one attempt; a lost race goes back to runOptimistic, which
    // starts over from its reads instead of re-applying a decision made on stale state.
    const attempts = outer ? 1 : MAX_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const client: PoolClient = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await transactionStorage.run({ client, execution: context }, work);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is unusable: drop it instead of pooling it
        });
        if (attempt < attempts && isRetryable(error)) {
          // Jittered pause so racing writers do not collide again in lockstep.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          continue;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  async runOptimistic<T>(context: ExecutionContext, work: (inTransaction: boolean) => Promise<T>): Promise<T> {
    if (currentTransaction()?.client) return work(true);
    try {
      return await transactionStorage.run({ execution: context }, () => work(false));
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return this.run(context, () => work(true));
    }
  }
}
