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

/** UnitOfWork on a TypeORM QueryRunner transaction, shared with repositories through AsyncLocalStorage. */
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(context: ExecutionContext, work: () => Promise<T>): Promise<T> {
    if (currentTransaction()) return work();
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      const client = await runner.connect();
      try {
        await runner.startTransaction();
        const result = await transactionStorage.run({ client, execution: context }, work);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          // Jittered pause so racing writers do not collide again in lockstep.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          continue;
        }
        throw error;
      } finally {
        await runner.release();
      }
    }
  }
}
