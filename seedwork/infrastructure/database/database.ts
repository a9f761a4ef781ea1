import type { DataSource, QueryRunner } from 'typeorm';
import { currentTransaction } from './transaction-context.js';

interface StatementResult<T> {
  records: T[];
  affected?: number;
}

/**
 * Runs SQL on the current unit of work's transaction when there is one, else on a pooled
 * connection. Repositories write their optimistic-concurrency UPDATEs through it and check
 * the row count themselves: TypeORM's save() does not (typeorm/typeorm#2848).
 */
export class Database {
  constructor(readonly dataSource: DataSource) {}

  /** Rows returned by a statement. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.run<T>(sql, params)).records;
  }

  /** Number of rows a statement changed. */
  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.run(sql, params)).affected ?? 0;
  }

  private async run<T>(sql: string, params: unknown[]): Promise<StatementResult<T>> {
    const tx = currentTransaction();
    if (tx) return tx.runner.query(sql, params, true);
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    try {
      return await runner.query(sql, params, true);
    } finally {
      await runner.release();
    }
  }
}
