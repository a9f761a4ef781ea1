import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DistributedLock } from '../../application/index.js';

/** Stable 64-bit advisory-lock key for a lock name. */
function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`)).toString();
}

/**
 * Session-level `pg_try_advisory_lock` held on one dedicated connection for the duration of the
 * work. If the process dies, PostgreSQL drops the session and with it the lock, so a crashed
 * holder never blocks the others.
 */
export class PgAdvisoryLock implements DistributedLock {
  constructor(private readonly dataSource: DataSource) {}

  async tryWithLock<T>(name: string, work: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = lockKey(name);
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [key]);
      if (!locked) return { acquired: false };
      try {
        return { acquired: true, result: await work() };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1::bigint)`, [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
