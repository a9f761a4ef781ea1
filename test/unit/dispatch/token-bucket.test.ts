import {
  fullBucket,
  msUntilTokens,
  refill,
  take,
  takeUpTo,
  tokenBucketConfig,
  type TokenBucketConfig,
  type TokenBucketState,
} from '../../../src/dispatch/domain/token-bucket.js';
import { seededRandom } from './seeded-random.js';

const T0 = new Date('2026-11-23T15:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const empty = (): TokenBucketState => ({ tokens: 0, refilledAt: T0 });

describe('Token bucket math', () => {
  const config = tokenBucketConfig(4); // capacity 4

  it('starts full, with one second of tokens (at least one)', () => {
    expect(fullBucket(config, T0)).toEqual({ tokens: 4, refilledAt: T0 });
    expect(tokenBucketConfig(0.5)).toEqual({ ratePerSecond: 0.5, capacity: 1 });
    expect(tokenBucketConfig(10, 25)).toEqual({ ratePerSecond: 10, capacity: 25 });
  });

  it.each([
    // [elapsed ms, tokens after refilling an empty bucket]
    [0, 0],
    [125, 0.5],
    [250, 1],
    [600, 2.4],
    [1000, 4],
    [60_000, 4], // capped at capacity
  ])('refills an empty bucket for %i ms to %p tokens', (elapsed, tokens) => {
    const state = refill(empty(), config, after(elapsed));
    expect(state.tokens).toBeCloseTo(tokens, 9);
    expect(state.refilledAt).toEqual(elapsed === 0 ? T0 : after(elapsed));
  });

  it('never mints tokens when a worker clock is behind the bucket', () => {
    const state = { tokens: 1.5, refilledAt: after(10_000) };
    expect(refill(state, config, T0)).toBe(state);
    expect(take(state, config, T0, 2)).toEqual({ taken: false, state });
    // It waits for the bucket's own time first, then for the missing half token.
    expect(msUntilTokens(state, config, T0, 2)).toBe(10_000 + 125);
  });

  it('takes n tokens all or nothing', () => {
    const full = fullBucket(config, T0);
    const three = take(full, config, T0, 3);
    expect(three).toEqual({ taken: true, state: { tokens: 1, refilledAt: T0 } });
    expect(take(three.state, config, T0, 2)).toEqual({ taken: false, state: { tokens: 1, refilledAt: T0 } });
    expect(take(three.state, config, after(250), 2)).toEqual({ taken: true, state: { tokens: 0, refilledAt: after(250) } });
  });

  it('takes up to the whole tokens there are', () => {
    const two = takeUpTo({ tokens: 2.7, refilledAt: T0 }, config, T0, 10);
    expect(two.taken).toBe(2);
    expect(two.state.tokens).toBeCloseTo(0.7, 9);
    expect(takeUpTo({ tokens: 2.7, refilledAt: T0 }, config, T0, 1).taken).toBe(1);
    expect(takeUpTo(empty(), config, T0, 5).taken).toBe(0);
    expect(takeUpTo(empty(), config, after(1000), 0)).toEqual({ taken: 0, state: { tokens: 4, refilledAt: after(1000) } });
  });

  it.each([
    // [tokens now, n, ms until n tokens at 4 per second]
    [4, 1, 0],
    [1, 1, 0],
    [0.999_999_999_9, 1, 0], // within floating-point tolerance
    [0, 1, 250],
    [0.5, 1, 125],
    [0, 4, 1000],
    [0.1, 1, 225],
    [2, 3, 250],
  ])('with %p tokens, %i token(s) are %i ms away', (tokens, n, ms) => {
    expect(msUntilTokens({ tokens, refilledAt: T0 }, config, T0, n)).toBe(ms);
    // And at that moment the take succeeds.
    expect(take({ tokens, refilledAt: T0 }, config, after(ms), n).taken).toBe(true);
  });

  it.each([
    [0, 'n of 0'],
    [5, 'more than the capacity'],
    [1.5, 'a fraction'],
  ])('refuses to take %p tokens (%s)', (n) => {
    expect(() => take(fullBucket(config, T0), config, T0, n)).toThrow(RangeError);
    expect(() => msUntilTokens(fullBucket(config, T0), config, T0, n)).toThrow(RangeError);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %p', (rate) => {
    expect(() => tokenBucketConfig(rate)).toThrow(RangeError);
  });

  it('refuses a capacity below one token', () => {
    expect(() => tokenBucketConfig(5, 0.5)).toThrow(RangeError);
  });

  it('takes up to a non-negative integer', () => {
    expect(() => takeUpTo(empty(), config, T0, -1)).toThrow(RangeError);
  });
});

/**
 * A minute in the test clock: workers take one token per send; a refused take waits exactly
 * msUntilTokens, as the infrastructure reschedules. Issue 5: sends per second within 5 % of
 * ratePerSecond.
 */
describe('Token bucket rate over a simulated minute', () => {
  const MINUTE = 60_000;

  function sendsInAMinute(config: TokenBucketConfig, start: TokenBucketState): number {
    let state = start;
    let now = T0.getTime();
    let sent = 0;
    while (now < T0.getTime() + MINUTE) {
      const result = take(state, config, new Date(now));
      state = result.state;
      if (result.taken) sent += 1;
      else now += msUntilTokens(state, config, new Date(now));
    }
    return sent;
  }

  it.each([0.5, 1, 2.5, 5, 10, 30, 80, 200])('%p per second, from a full bucket and from an empty one', (rate) => {
    const config = tokenBucketConfig(rate);
    for (const start of [fullBucket(config, T0), empty()]) {
      const perSecond = sendsInAMinute(config, start) / 60;
      expect(Math.abs(perSecond - rate) / rate).toBeLessThanOrEqual(0.05);
    }
  });

  it('holds with several workers polling at random moments and claiming batches', () => {
    const rate = 25;
    const config = tokenBucketConfig(rate);
    const random = seededRandom(5);
    let state = fullBucket(config, T0);
    let sent = 0;
    // Four workers, each waking every 0-400 ms and taking up to a batch of 8.
    const wakeAt = [0, 0, 0, 0];
    for (;;) {
      const worker = wakeAt.indexOf(Math.min(...wakeAt));
      const now = wakeAt[worker]!;
      if (now >= MINUTE) break;
      const result = takeUpTo(state, config, after(now), 8);
      state = result.state;
      sent += result.taken;
      wakeAt[worker] = now + Math.floor(random() * 400);
    }
    expect(Math.abs(sent / 60 - rate) / rate).toBeLessThanOrEqual(0.05);
  });
});
