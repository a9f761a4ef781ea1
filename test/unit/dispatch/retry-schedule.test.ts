import type { RetryPolicyState } from '../../../src/campaigns/domain/campaign-state.js';
import { isTransient, PROVIDER_ERROR_CLASSES, PROVIDER_ERROR_KINDS, type ProviderErrorKind } from '../../../src/dispatch/domain/provider-error.js';
import { decideAfterFailure, mayRetryAfter, retryDelayMs } from '../../../src/dispatch/domain/retry-schedule.js';
import { seededRandom } from './seeded-random.js';

const NOW = new Date('2026-11-23T15:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DEFAULT_POLICY: RetryPolicyState = { maxRetries: 3, retryDelayMinutes: 30 };
const noJitter = () => 0;

/** Issue 5: an invalid number is not retried; the rest, decided for this service. */
const EXPECTED_CLASS: Record<ProviderErrorKind, 'permanent' | 'transient'> = {
  invalid_number: 'permanent',
  blocked: 'permanent',
  opted_out: 'permanent',
  timeout: 'transient',
  rate_limited: 'transient',
  unavailable: 'transient',
  busy: 'transient',
  no_answer: 'transient',
};

describe('Provider error classes', () => {
  it('classify every kind', () => {
    expect(Object.keys(PROVIDER_ERROR_CLASSES).sort()).toEqual([...PROVIDER_ERROR_KINDS].sort());
  });

  it.each(PROVIDER_ERROR_KINDS)('%s', (kind) => {
    expect(PROVIDER_ERROR_CLASSES[kind]).toBe(EXPECTED_CLASS[kind]);
    expect(isTransient(kind)).toBe(EXPECTED_CLASS[kind] === 'transient');
  });
});

describe('Retry delay: retryDelayMinutes × 2^(attempt − 1), at most a day (or the policy delay), plus up to 20 % jitter', () => {
  it.each([
    // [retryDelayMinutes, attempt, backoff without jitter]
    [30, 1, 30 * MIN],
    [30, 2, 60 * MIN],
    [30, 3, 120 * MIN],
    [30, 4, 240 * MIN],
    [30, 6, 960 * MIN],
    [30, 7, 24 * HOUR], // 1920 min, capped
    [30, 10, 24 * HOUR],
    [1, 1, MIN],
    [1, 11, 1024 * MIN],
    [600, 1, 10 * HOUR],
    [600, 2, 20 * HOUR],
    [600, 3, 24 * HOUR],
    [1440, 1, 24 * HOUR],
    [1440, 2, 24 * HOUR],
    // A policy longer than the ceiling is honoured as written and does not grow.
    [2880, 1, 48 * HOUR],
    [2880, 3, 48 * HOUR],
    [10080, 11, 7 * 24 * HOUR],
  ])('%i min policy, after attempt %i: %i ms', (retryDelayMinutes, attempt, backoff) => {
    const policy = { maxRetries: 10, retryDelayMinutes };
    expect(retryDelayMs(attempt, policy, noJitter)).toBe(backoff);
    expect(retryDelayMs(attempt, policy, () => 0.5)).toBe(Math.floor(backoff * 1.1));
    expect(retryDelayMs(attempt, policy, () => 0.999999)).toBe(Math.floor(backoff * (1 + 0.2 * 0.999999)));
  });

  it('replays exactly from the same seed', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, DEFAULT_POLICY, random));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('spreads retries over the whole jitter range and never below the backoff', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 2000 }, () => retryDelayMs(1, DEFAULT_POLICY, random));
    const low = 30 * MIN;
    const high = 36 * MIN;
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(low);
    expect(Math.max(...delays)).toBeLessThan(high);
    // Every fifth of the range is used: deliveries that failed together do not retry together.
    const buckets = new Set(delays.map((d) => Math.floor(((d - low) / (high - low)) * 5)));
    expect(buckets).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it.each([1, 1.5, -0.1, Number.NaN])('refuses a random source returning %p', (value) => {
    expect(() => retryDelayMs(1, DEFAULT_POLICY, () => value)).toThrow(RangeError);
  });

  it.each([0, -1, 1.5])('refuses attempt %p', (attempt) => {
    expect(() => retryDelayMs(attempt, DEFAULT_POLICY, noJitter)).toThrow(RangeError);
    expect(() => mayRetryAfter(attempt, DEFAULT_POLICY)).toThrow(RangeError);
  });
});

describe('Decision after a failed attempt', () => {
  // With maxRetries = 3 there are 4 attempts: attempts 1..3 may be retried, attempt 4 may not.
  const policies: RetryPolicyState[] = [
    { maxRetries: 0, retryDelayMinutes: 30 },
    { maxRetries: 1, retryDelayMinutes: 5 },
    { maxRetries: 3, retryDelayMinutes: 30 },
  ];
  const cases = policies.flatMap((policy) =>
    PROVIDER_ERROR_KINDS.flatMap((error) =>
      Array.from({ length: policy.maxRetries + 2 }, (_, i) => ({ policy, error, attempt: i + 1 })),
    ),
  );

  it.each(cases)('policy $policy.maxRetries retries, attempt $attempt failed with $error', ({ policy, error, attempt }) => {
    const decision = decideAfterFailure({ attempt, error, policy, now: NOW, random: seededRandom(attempt) });
    if (EXPECTED_CLASS[error] === 'permanent') {
      expect(decision).toEqual({ action: 'failPermanent' });
    } else if (attempt > policy.maxRetries) {
      expect(decision).toEqual({ action: 'exhaustRetries' });
    } else {
      const delay = retryDelayMs(attempt, policy, seededRandom(attempt));
      expect(decision).toEqual({ action: 'failRetryable', nextAttempt: attempt + 1, retryAt: new Date(NOW.getTime() + delay) });
    }
  });

  it('follows the default policy end to end: 30, 60 and 120 minutes apart, then failed', () => {
    const retryAts: string[] = [];
    let now = NOW;
    let attempt = 1;
    for (;;) {
      const decision = decideAfterFailure({ attempt, error: 'no_answer', policy: DEFAULT_POLICY, now, random: noJitter });
      if (decision.action !== 'failRetryable') {
        expect(decision.action).toBe('exhaustRetries');
        break;
      }
      retryAts.push(decision.retryAt.toISOString());
      now = decision.retryAt;
      attempt = decision.nextAttempt;
    }
    expect(attempt).toBe(4);
    expect(retryAts).toEqual(['2026-11-23T15:30:00.000Z', '2026-11-23T16:30:00.000Z', '2026-11-23T18:30:00.000Z']);
  });

  it('never retries an invalid number, even on the first attempt of a generous policy', () => {
    expect(decideAfterFailure({ attempt: 1, error: 'invalid_number', policy: { maxRetries: 10, retryDelayMinutes: 1 }, now: NOW, random: noJitter })).toEqual({
      action: 'failPermanent',
    });
  });
});
