/**
 * Token bucket of a sender's `ratePerSecond`, as pure functions over plain data: the
 * infrastructure keeps the state in a PostgreSQL row (locked while it takes tokens), so every
 * worker process shares one bucket per sender and nothing depends on process memory.
 */

/** The bucket as stored: how many tokens it held at `refilledAt` (fractions accumulate between sends). */
export interface TokenBucketState {
  readonly tokens: number;
  readonly refilledAt: Date;
}

export interface TokenBucketConfig {
  readonly ratePerSecond: number;
  /** The most tokens the bucket holds, i.e. the largest burst after a quiet period. */
  readonly capacity: number;
}

/** Tolerance for the floating-point sums of refills: a bucket 1e-9 short of a token holds it. */
const EPSILON = 1e-9;

/**
 * A bucket refilling at `ratePerSecond`. The default capacity is one second's worth (at least one
 * token): bursts stay within the provider's per-second limit, and over a minute they add at most
 * one second of sends to the rate.
 */
export function tokenBucketConfig(ratePerSecond: number, capacity: number = Math.max(1, ratePerSecond)): TokenBucketConfig {
  if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
  if (!(Number.isFinite(capacity) && capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  return { ratePerSecond, capacity };
}

/** A new sender's bucket: full. */
export function fullBucket(config: TokenBucketConfig, now: Date): TokenBucketState {
  return { tokens: config.capacity, refilledAt: new Date(now.getTime()) };
}

/**
 * The bucket at `now`: tokens added for the time elapsed, up to capacity. Workers' clocks may
 * disagree a little; a `now` before `refilledAt` adds nothing and does not move `refilledAt`
 * back, so clock skew can never mint tokens.
 */
export function refill(state: TokenBucketState, config: TokenBucketConfig, now: Date): TokenBucketState {
  const elapsedMs = now.getTime() - state.refilledAt.getTime();
  if (elapsedMs <= 0) return state;
  return { tokens: Math.min(config.capacity, state.tokens + (elapsedMs * config.ratePerSecond) / 1000), refilledAt: new Date(now.getTime()) };
}

function checkCount(n: number, config: TokenBucketConfig): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`token count must be a positive integer, got ${n}`);
  if (n > config.capacity) throw new RangeError(`cannot take ${n} tokens from a bucket of capacity ${config.capacity}`);
}

/** Takes `n` tokens at `now`, all or none; `state` is the bucket to store either way (it was refilled). */
export function take(state: TokenBucketState, config: TokenBucketConfig, now: Date, n = 1): { readonly taken: boolean; readonly state: TokenBucketState } {
  checkCount(n, config);
  const current = refill(state, config, now);
  if (current.tokens + EPSILON < n) return { taken: false, state: current };
  return { taken: true, state: { tokens: Math.max(0, current.tokens - n), refilledAt: current.refilledAt } };
}

/** Takes as many whole tokens as are there, at most `max`: how many deliveries of a claimed batch may go now. */
export function takeUpTo(state: TokenBucketState, config: TokenBucketConfig, now: Date, max: number): { readonly taken: number; readonly state: TokenBucketState } {
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`max must be a non-negative integer, got ${max}`);
  const current = refill(state, config, now);
  const taken = Math.min(max, Math.floor(current.tokens + EPSILON));
  return { taken, state: { tokens: Math.max(0, current.tokens - taken), refilledAt: current.refilledAt } };
}

/** Milliseconds from `now` until the bucket holds `n` tokens (0 when it already does): when to reschedule a deferred send. */
export function msUntilTokens(state: TokenBucketState, config: TokenBucketConfig, now: Date, n = 1): number {
  checkCount(n, config);
  const current = refill(state, config, now);
  const missing = n - current.tokens;
  if (missing <= EPSILON) return 0;
  // A clock behind the bucket's waits for the bucket's time first: refills count from refilledAt.
  const skewMs = Math.max(0, current.refilledAt.getTime() - now.getTime());
  return skewMs + Math.ceil((missing * 1000) / config.ratePerSecond);
}
