import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { currentTransaction } from './transaction-context.js';

/**
 * A statement given a name is prepared once per connection and then only bound and executed:
 * PostgreSQL skips parsing and planning it again. For fixed hot-path SQL only; dynamic SQL
 * (filters) stays unnamed so connections do not collect one plan per variant.
 */
export interface PreparedSql {
  readonly name: string;
  readonly text: string;
}

export type Sql = string | PreparedSql;

/** Names a fixed statement so it is prepared once per connection. */
export function prepared(name: string, text: string): PreparedSql {
  return { name, text };
}

/**
 * Runs SQL on the current unit of work's transaction when there is one, else on the pool.
 * It talks to the `pg` connections TypeORM manages directly: TypeORM's QueryRunner adds a
 * runner per statement and result wrapping that cost a third of the read path's throughput in
 * `npm run bench`. Repositories write their optimistic-concurrency UPDATEs through it and check
 * the row count themselves: TypeORM's save() does not (typeorm/typeorm#2848).
 */
export class Database {
  private readonly pool: Pool;

  constructor(readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Rows returned by a statement. */
  async query<T = Record<string, unknown>>(sql: Sql, params: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, params)).rows as T[];
  }

  /** Number of rows a statement changed. */
  async execute(sql: Sql, params: unknown[] = []): Promise<number> {
    return (await this.run(sql, params)).rowCount ?? 0;
  }

  private run(sql: Sql, params: unknown[]) {
    const connection = currentTransaction()?.client ?? this.pool;
    return typeof sql === 'string' ? connection.query(sql, params) : connection.query({ name: sql.name, text: sql.text, values: params });
  }
}
