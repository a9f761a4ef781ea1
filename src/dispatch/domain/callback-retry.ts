/** A callback naming nothing known yet is tried again after 1 s, 2 s, 4 s …, at most this far apart. */
export const CALLBACK_RETRY_FIRST_MS = 1_000;
export const CALLBACK_RETRY_MAX_MS = 60_000;

/**
 * How long after its arrival a callback may still find what it names. A provider reports as soon
 * as it acts, which can be before dispatch records the send that made it (a call's first
 * `ringing` overtakes the worker's write); that gap lasts seconds, a lease at most. Past this,
 * the callback is about something this service never recorded (a send whose outcome was lost with
 * its worker, another system on the same provider account) and is settled as unmatched.
 */
export const CALLBACK_GIVE_UP_MS = 15 * 60_000;

/** When to try a callback again after its `attempts`-th try (from 1), or null to give up on it. */
export function callbackRetryAt(attempts: number, receivedAt: Date, now: Date): Date | null {
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be an integer from 1, got ${attempts}`);
  const delay = Math.min(CALLBACK_RETRY_MAX_MS, CALLBACK_RETRY_FIRST_MS * 2 ** Math.min(attempts - 1, 30));
  const at = now.getTime() + delay;
  return at - receivedAt.getTime() > CALLBACK_GIVE_UP_MS ? null : new Date(at);
}
