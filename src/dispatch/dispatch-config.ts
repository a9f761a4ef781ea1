import type { DispatchSettings } from './application/dispatch-worker.js';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** DISPATCH_CONCURRENCY, DISPATCH_BATCH_SIZE, DISPATCH_LEASE_MS, DISPATCH_IDLE_MS. */
export function dispatchSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DispatchSettings {
  return {
    concurrency: integer(env, 'DISPATCH_CONCURRENCY', 4, 1, 256),
    batchSize: integer(env, 'DISPATCH_BATCH_SIZE', 100, 1, 10_000),
    // Long enough for a slow provider call; a dead worker's deliveries wait this long at most.
    leaseMs: integer(env, 'DISPATCH_LEASE_MS', 30_000, 100, 3_600_000),
    idleMs: integer(env, 'DISPATCH_IDLE_MS', 250, 1, 60_000),
  };
}
