/**
 * Mutual exclusion across processes (a PostgreSQL advisory lock in production): the work runs
 * only in the process that got the lock; the others get `undefined` back at once.
 */
export interface DistributedLock {
  tryWithLock<T>(name: string, work: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }>;
}
