import type { ExecutionContext } from './execution-context.js';

/**
 * One database transaction around a use case: aggregate state and the events it recorded
 * commit together or not at all. Nested calls join the outer transaction. The outermost
 * call retries the whole work when a concurrent writer won the race (ConcurrencyError), so
 * a command without an expected version is applied to the current state, never lost.
 */
export interface UnitOfWork {
  run<T>(context: ExecutionContext, work: () => Promise<T>): Promise<T>;

  /**
   * Optimistic first: runs `work(false)` once WITHOUT a transaction, each statement committing on
   * its own; then, only if it lost a race (ConcurrencyError), `work(true)` inside run(), where the
   * work takes its row locks. For work whose one write is a single version-guarded statement (the
   * guard validates everything read before it), or which opens run() itself around several
   * writes: it saves BEGIN, COMMIT and the lock on the uncontended path, the common one, while a
   * hot row still serialises on its lock instead of retrying in a loop. Inside a transaction it
   * just runs `work(true)` there.
   */
  runOptimistic<T>(context: ExecutionContext, work: (inTransaction: boolean) => Promise<T>): Promise<T>;
}
