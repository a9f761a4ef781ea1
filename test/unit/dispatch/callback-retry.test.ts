import { CALLBACK_GIVE_UP_MS, CALLBACK_RETRY_MAX_MS, callbackRetryAt } from '../../../src/dispatch/domain/callback-retry.js';

const RECEIVED = new Date('2026-11-23T10:00:00.000Z');
const after = (ms: number) => new Date(RECEIVED.getTime() + ms);

describe('callbackRetryAt', () => {
  it('doubles the wait from one second after each try', () => {
    expect([1, 2, 3, 4].map((attempts) => callbackRetryAt(attempts, RECEIVED, RECEIVED)!.getTime() - RECEIVED.getTime())).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('waits at most a minute between tries, however many there were', () => {
    expect(callbackRetryAt(7, RECEIVED, after(60_000))).toEqual(after(60_000 + CALLBACK_RETRY_MAX_MS));
    expect(callbackRetryAt(5_000, RECEIVED, after(60_000))).toEqual(after(60_000 + CALLBACK_RETRY_MAX_MS));
  });

  it('gives up once the next try would come later than the give-up time after arrival', () => {
    expect(callbackRetryAt(20, RECEIVED, after(CALLBACK_GIVE_UP_MS - CALLBACK_RETRY_MAX_MS))).toEqual(after(CALLBACK_GIVE_UP_MS));
    expect(callbackRetryAt(20, RECEIVED, after(CALLBACK_GIVE_UP_MS - CALLBACK_RETRY_MAX_MS + 1))).toBeNull();
  });

  it('refuses a try count that is not a positive integer', () => {
    expect(() => callbackRetryAt(0, RECEIVED, RECEIVED)).toThrow(RangeError);
    expect(() => callbackRetryAt(1.5, RECEIVED, RECEIVED)).toThrow(RangeError);
  });
});
