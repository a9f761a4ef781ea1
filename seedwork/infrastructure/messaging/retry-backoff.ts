export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Endless delays for retrying: exponential, capped, with "full jitter" (a random delay up to the
 * exponential bound), so many clients cut off by the same outage do not come back in lockstep.
 */
export function* exponentialBackoff({ initialMs, maxMs }: BackoffOptions): Generator<number, never> {
  for (let attempt = 0; ; attempt++) {
    const bound = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
    yield Math.max(initialMs / 2, Math.random() * bound);
  }
}

/**
 * Runs `work` until it succeeds, pausing with backoff after each failure; gives up (undefined)
 * once `stopped()` turns true.
 */
export async function retryUntilStopped<T>(work: () => Promise<T>, stopped: () => boolean, options: BackoffOptions): Promise<T | undefined> {
  const delays = exponentialBackoff(options);
  while (!stopped()) {
    try {
      return await work();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delays.next().value));
    }
  }
  return undefined;
}
