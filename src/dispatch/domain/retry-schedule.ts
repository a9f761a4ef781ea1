import type { RetryPolicyState } from '../../campaigns/domain/campaign-state.js';
import type { DeliveryAction } from './delivery-status.js';
import { isTransient, type ProviderErrorKind } from './provider-error.js';
import { HOUR_MS, MINUTE_MS } from './zoned-time.js';

/** A source of uniform numbers in [0, 1), injected so a retry schedule can be replayed in tests. */
export type RandomSource = () => number;

/** Backoff stops doubling here: a contact retried more than a day later is rarely worth the wait. */
export const BACKOFF_CEILING_MS = 24 * HOUR_MS;
/** Jitter adds up to this share of the backoff, so deliveries that failed together do not retry together. */
export const JITTER_RATIO = 0.2;

function checkAttempt(attempt: number): void {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer from 1, got ${attempt}`);
}

/**
 * Attempts are numbered from 1 (the first send); `maxRetries` more may follow it, so a delivery
 * gets at most `1 + maxRetries` attempts. True when `attempt` failing may be followed by another.
 */
export function mayRetryAfter(attempt: number, policy: RetryPolicyState): boolean {
  checkAttempt(attempt);
  return attempt <= policy.maxRetries;
}

/**
 * How long to wait after `attempt` failed, in ms:
 * `retryDelayMinutes × 2^(attempt − 1)`, at most BACKOFF_CEILING_MS (or the policy's own delay
 * when that is longer: a policy of two days means two days), then lengthened by jitter of
 * `JITTER_RATIO × random()`. Jitter only lengthens, so a retry never comes sooner than the
 * policy says, and it still spreads retries that hit the ceiling.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicyState, random: RandomSource): number {
  checkAttempt(attempt);
  const base = policy.retryDelayMinutes * MINUTE_MS;
  const backoff = Math.min(base * 2 ** (attempt - 1), Math.max(BACKOFF_CEILING_MS, base));
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random source must return a number in [0, 1), got ${r}`);
  return Math.floor(backoff * (1 + JITTER_RATIO * r));
}

/** What to do with a delivery whose attempt failed: the delivery action (delivery-status.ts) and, for a retry, when. */
export type FailureDecision =
  | { readonly action: Extract<DeliveryAction, 'failRetryable'>; readonly nextAttempt: number; readonly retryAt: Date }
  | { readonly action: Extract<DeliveryAction, 'failPermanent'> }
  | { readonly action: Extract<DeliveryAction, 'exhaustRetries'> };

export interface FailedAttempt {
  readonly attempt: number;
  readonly error: ProviderErrorKind;
  readonly policy: RetryPolicyState;
  readonly now: Date;
  readonly random: RandomSource;
}

/** Permanent errors end the delivery at once; transient ones retry while the policy allows, then exhaust it. */
export function decideAfterFailure({ attempt, error, policy, now, random }: FailedAttempt): FailureDecision {
  checkAttempt(attempt);
  if (!isTransient(error)) return { action: 'failPermanent' };
  if (!mayRetryAfter(attempt, policy)) return { action: 'exhaustRetries' };
  return { action: 'failRetryable', nextAttempt: attempt + 1, retryAt: new Date(now.getTime() + retryDelayMs(attempt, policy, random)) };
}
