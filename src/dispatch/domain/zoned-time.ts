import { isIanaTimeZone } from '../../../seedwork/domain/index.js';

/**
 * Wall-clock arithmetic in IANA time zones, built on Intl alone.
 *
 * Why by hand: no date library is installed, `Date` knows only UTC and the process's own zone,
 * and Temporal is not in Node 20. Intl can only go one way (instant → wall clock), so everything
 * here is phrased in that direction: the zone's UTC offset at an instant is read from Intl, and a
 * question such as "when does the wall clock next read 09:00 on a Monday" is answered by walking
 * forward through spans of constant offset, inside which the wall clock is just the instant
 * shifted by that offset. The answer is therefore the first instant whose wall clock qualifies:
 * a local time skipped by a DST jump resolves to the instant of the jump (02:30 on a
 * spring-forward night is first "reached" at 03:00 new time), and a local time repeated by a
 * fall-back resolves to its first occurrence.
 *
 * "Wall ms" below is a number whose UTC reading is the zone's local date and time.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Offsets are probed this far apart when looking for the next change. No zone has two offset
 * changes within six hours, so a change between two equal probes cannot be missed; a day-long
 * step would risk it in zones that have ever changed twice in a day.
 */
const PROBE_MS = 6 * HOUR_MS;

// Building an Intl.DateTimeFormat is costly and a worker sees few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (format === undefined) {
    // Checked first: Intl also accepts offsets such as `+05:00`, which follow no place's DST rules.
    if (!isIanaTimeZone(zone)) throw new RangeError(`'${zone}' is not an IANA time zone`);
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      // h23: some ICU versions print midnight as 24 with `hour12: false`.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < 10_000) formatters.set(zone, format);
  }
  return format;
}

/** Throws a RangeError unless `zone` is an IANA zone this runtime knows (use it to fail early). */
export function checkTimeZone(zone: string): void {
  formatter(zone);
}

/** The zone's offset from UTC at the instant, in ms (America/Bogota → -5 h). */
function utcOffsetMs(zone: string, atMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(atMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields['year']!, fields['month']! - 1, fields['day']!, fields['hour']!, fields['minute']!, fields['second']!);
  // Intl prints whole seconds; compare with the instant truncated the same way.
  return wall - (atMs - mod(atMs, 1000));
}

/** The wall clock of the zone at the instant, as wall ms. */
export function wallMs(zone: string, atMs: number): number {
  return atMs + utcOffsetMs(zone, atMs);
}

/** Number of the local day holding a wall-ms value (0 = 1970-01-01). */
export function localDayOf(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** A stretch of time in which the zone's offset does not change: wall = instant + offsetMs. */
export interface FixedOffsetSpan {
  readonly fromMs: number;
  /** Exclusive: the next offset change, or the next probe when none was seen. */
  readonly untilMs: number;
  readonly offsetMs: number;
}

/** The spans of constant offset from `fromMs` onwards, in order and without gaps; never ends. */
export function* offsetSpans(zone: string, fromMs: number): Generator<FixedOffsetSpan, never> {
  let from = fromMs;
  let offset = utcOffsetMs(zone, from);
  for (;;) {
    const probe = from + PROBE_MS;
    const probeOffset = utcOffsetMs(zone, probe);
    const until = probeOffset === offset ? probe : firstSecondWithOtherOffset(zone, from, probe, offset);
    yield { fromMs: from, untilMs: until, offsetMs: offset };
    offset = until === probe ? probeOffset : utcOffsetMs(zone, until);
    from = until;
  }
}

/**
 * Binary search, in whole seconds, for the instant the offset stops being `offset`; offsets
 * only change on whole seconds, so the answer is exact.
 */
function firstSecondWithOtherOffset(zone: string, fromMs: number, probeMs: number, offset: number): number {
  let same = Math.floor(fromMs / 1000);
  let other = Math.floor(probeMs / 1000);
  while (other - same > 1) {
    const middle = same + Math.floor((other - same) / 2);
    if (utcOffsetMs(zone, middle * 1000) === offset) same = middle;
    else other = middle;
  }
  return other * 1000;
}

/**
 * The first instant at or after `fromMs` whose wall clock reads `targetWall` or later, searching
 * at most `horizonMs` ahead; null when none.
 */
export function firstInstantAtWall(zone: string, fromMs: number, targetWall: number, horizonMs: number): number | null {
  const spans = offsetSpans(zone, fromMs);
  for (let span = spans.next().value; span.fromMs < fromMs + horizonMs; span = spans.next().value) {
    // The wall clock runs from fromMs + offset to untilMs + offset in this span.
    if (span.untilMs + span.offsetMs > targetWall) return Math.max(span.fromMs, targetWall - span.offsetMs);
  }
  return null;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
