import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { ExecutionContext } from '../../application/index.js';

/** The open transaction of the current unit of work, visible to repositories down the async call chain. */
export interface TransactionContext {
  /** The connection the transaction runs on (the TypeORM QueryRunner's own pg client). */
  readonly client: PoolClient;
  readonly execution: ExecutionContext;
}

export const transactionStorage = new AsyncLocalStorage<TransactionContext>();

/** The current transaction, or undefined outside a unit of work. */
export function currentTransaction(): TransactionContext | undefined {
  return transactionStorage.getStore();
}
