import type { CallingWindowState } from '../../campaigns/domain/campaign-state.js';
import { checkTimeZone, DAY_MS, firstInstantAtWall, localDayOf, wallMs } from './zoned-time.js';

/**
 * Day boundaries of the daily caps. A campaign's `maxPerDay` counts the days of the campaign's
 * calling-window zone (its business day; UTC when it has no window), not each contact's zone,
 * so the campaign has one count per day. A sender's `dailyCap` counts UTC days, the way
 * providers count theirs. Counters are keyed by `dayKey`; a capped delivery waits until
 * `nextDayStart`.
 */

/** Zone of a sender's `dailyCap` day. */
export const SENDER_CAP_ZONE = 'UTC';

/** Zone of a campaign's `maxPerDay` day. */
export function campaignCapZone(callingWindow: CallingWindowState | null): string {
  return callingWindow?.timezone ?? 'UTC';
}

/** The local date at `now` in `zone`, `YYYY-MM-DD`: the key of that day's counter. */
export function dayKey(now: Date, zone: string): string {
  return new Date(localDayOf(wallMs(zone, now.getTime())) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first instant of the local day after the one holding `now`. Where the clock jumps over
 * midnight (America/Santiago's spring change), that is the instant of the jump (01:00 new time);
 * a fall-back across midnight starts the day at its first midnight.
 */
export function nextDayStart(now: Date, zone: string): Date {
  const tomorrow = (localDayOf(wallMs(zone, now.getTime())) + 1) * DAY_MS;
  // A local day lasts at most 25 hours, so three days ahead always reach the next one.
  const start = firstInstantAtWall(zone, now.getTime(), tomorrow, 3 * DAY_MS);
  if (start === null) throw new RangeError(`no next day found in ${zone} after ${now.toISOString()}`);
  return new Date(start);
}

export type DailyCapCheck = { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAt: Date };

/**
 * Whether one more send fits under `cap` (null: no cap) after `sentToday` sends counted under
 * today's key, and when to retry if not. `remaining` is Infinity without a cap, so a batch size
 * can be `Math.min(batch, remaining)`.
 */
export function checkDailyCap(cap: number | null, sentToday: number, now: Date, zone: string): DailyCapCheck {
  checkTimeZone(zone);
  if (cap === null) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
  if (sentToday < cap) return { allowed: true, remaining: cap - sentToday };
  return { allowed: false, retryAt: nextDayStart(now, zone) };
}
