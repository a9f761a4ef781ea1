import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { ExecutionContext } from '../../application/index.js';

/** The unit of work of the current call chain, visible to repositories down the async call chain. */
export interface TransactionContext {
  /**
   * The connection the transaction runs on; undefined for an optimistic unit of work
   * (UnitOfWork.runOptimistic), whose statements run on the pool and commit one by one.
   */
  readonly client?: PoolClient;
  readonly execution: ExecutionContext;
}

export const transactionStorage = new AsyncLocalStorage<TransactionContext>();

/** The current unit of work (a transaction, or an optimistic one without), or undefined outside one. */
export function currentTransaction(): TransactionContext | undefined {
  return transactionStorage.getStore();
}
