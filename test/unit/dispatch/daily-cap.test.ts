import { campaignCapZone, checkDailyCap, dayKey, nextDayStart, SENDER_CAP_ZONE } from '../../../src/dispatch/domain/daily-cap.js';

const at = (iso: string) => new Date(iso);

describe('dayKey: the local date in the cap zone', () => {
  it.each([
    ['2026-11-23T00:00:00.000Z', 'UTC', '2026-11-23'],
    ['2026-11-23T23:59:59.999Z', 'UTC', '2026-11-23'],
    ['2026-11-24T04:59:59.999Z', 'America/Bogota', '2026-11-23'], // 23:59:59.999 -05
    ['2026-11-24T05:00:00.000Z', 'America/Bogota', '2026-11-24'],
    ['2026-11-23T22:59:59.999Z', 'Europe/Madrid', '2026-11-23'], // 23:59:59.999 CET
    ['2026-11-23T23:00:00.000Z', 'Europe/Madrid', '2026-11-24'],
    ['2026-07-01T21:59:59.999Z', 'Europe/Madrid', '2026-07-01'], // CEST
    ['2026-07-01T22:00:00.000Z', 'Europe/Madrid', '2026-07-02'],
    ['2026-03-08T04:59:59.999Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00.000Z', 'America/New_York', '2026-03-08'],
    ['2026-12-31T23:30:00.000Z', 'Asia/Kathmandu', '2027-01-01'],
  ])('%s in %s is %s', (instant, zone, key) => {
    expect(dayKey(at(instant), zone)).toBe(key);
  });
});

describe('nextDayStart: the first instant of the next local day', () => {
  it.each([
    ['UTC', '2026-11-23T10:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['UTC', '2026-11-23T23:59:59.999Z', '2026-11-24T00:00:00.000Z'],
    ['UTC', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
    ['America/Bogota', '2026-11-23T10:00:00.000Z', '2026-11-24T05:00:00.000Z'],
    // New York: Saturday 7 March is 24 h; Sunday 8 March only 23 h (it starts in EST, ends in EDT).
    ['America/New_York', '2026-03-07T12:00:00.000Z', '2026-03-08T05:00:00.000Z'],
    ['America/New_York', '2026-03-08T12:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    // Sunday 1 November has 25 h.
    ['America/New_York', '2026-11-01T05:30:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['America/New_York', '2026-11-01T06:30:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['Europe/Madrid', '2026-03-28T12:00:00.000Z', '2026-03-28T23:00:00.000Z'],
    ['Europe/Madrid', '2026-03-29T12:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Europe/Madrid', '2026-10-25T12:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    // Santiago jumps from 24:00 to 01:00 on 6 September 2026: that day starts at 01:00 (-03).
    ['America/Santiago', '2026-09-05T20:00:00.000Z', '2026-09-06T04:00:00.000Z'],
    // Santiago repeats 23:00-24:00 on 4 April 2026: the next day starts after the second pass.
    ['America/Santiago', '2026-04-05T02:30:00.000Z', '2026-04-05T04:00:00.000Z'],
    ['America/Santiago', '2026-04-05T03:30:00.000Z', '2026-04-05T04:00:00.000Z'],
  ])('in %s after %s: %s', (zone, now, start) => {
    const next = nextDayStart(at(now), zone);
    expect(next.toISOString()).toBe(start);
    expect(dayKey(next, zone)).not.toBe(dayKey(at(now), zone));
    expect(dayKey(new Date(next.getTime() - 1), zone)).toBe(dayKey(at(now), zone));
  });
});

describe('Daily cap zones and checks', () => {
  it("counts a campaign's days in its calling-window zone, else UTC; a sender's in UTC", () => {
    expect(campaignCapZone({ start: '09:00', end: '18:00', days: ['mon'], timezone: 'America/Bogota' })).toBe('America/Bogota');
    expect(campaignCapZone(null)).toBe('UTC');
    expect(SENDER_CAP_ZONE).toBe('UTC');
  });

  it.each([
    // [cap, sent today, allowed, remaining or retry]
    [null, 10_000, true, Number.POSITIVE_INFINITY],
    [500, 0, true, 500],
    [500, 499, true, 1],
    [500, 500, false, '2026-11-24T05:00:00.000Z'],
    [500, 730, false, '2026-11-24T05:00:00.000Z'],
  ])('cap %p after %p sends today', (cap, sent, allowed, then) => {
    const check = checkDailyCap(cap, sent, at('2026-11-23T20:00:00.000Z'), 'America/Bogota');
    expect(check).toEqual(allowed ? { allowed: true, remaining: then } : { allowed: false, retryAt: at(then as string) });
  });

  it('refuses an unknown zone even without a cap', () => {
    expect(() => checkDailyCap(null, 0, at('2026-11-23T20:00:00.000Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
