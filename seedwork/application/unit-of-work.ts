import type { ExecutionContext } from './execution-context.js';

/**
 * One database transaction around a use case: aggregate state and the events it recorded
 * commit together or not at all. Nested calls join the outer transaction. The outermost
 * call retries the whole work when a concurrent writer won the race (ConcurrencyError), so
 * a command without an expected version is applied to the current state, never lost.
 */
export interface UnitOfWork {
  run<T>(context: ExecutionContext, work: () => Promise<T>): Promise<T>;
}

