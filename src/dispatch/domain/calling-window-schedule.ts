import type { CallingWindowState, Weekday } from '../../campaigns/domain/campaign-state.js';
import { checkTimeZone, DAY_MS, localDayOf, MINUTE_MS, offsetSpans, wallMs } from './zoned-time.js';

// Local day 0 (1970-01-01) was a Thursday; index 0 of this list is that weekday.
const WEEKDAY_OF_DAY_ZERO: readonly Weekday[] = ['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'];
/** A window opens at least once a week; two weeks also cover a weekly opening lost in a DST gap. */
const SEARCH_HORIZON_MS = 15 * DAY_MS;

function minutesOf(time: string): number {
  const match = /^(\d\d):(\d\d)$/.exec(time);
  if (!match) throw new RangeError(`calling window time '${time}' is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Weekday of a local day number. */
function weekdayOf(localDay: number): Weekday {
  return WEEKDAY_OF_DAY_ZERO[((localDay % 7) + 7) % 7]!;
}

interface Hours {
  readonly zone: string;
  readonly days: ReadonlySet<Weekday>;
  /** Offsets into the local day, [start, end). CallingWindow guarantees start < end: no window crosses midnight. */
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * When a campaign may reach one contact: its calling window read in the contact's own time zone
 * when the contact has one (API.md), else in the window's zone. A window holds on the listed days
 * from `start` (inclusive) to `end` (exclusive) of the wall clock there.
 *
 * Across DST changes the window follows the wall clock a person sees (see zoned-time.ts): a start
 * inside the skipped hour opens at the jump (02:30 on a spring-forward night opens at 03:00 new
 * time), a window wholly inside the skipped hour does not open that day, and during a repeated
 * hour the window is open whenever the clock reads a time inside it, so it opens at the first
 * occurrence and may close and reopen once. Calling hours rarely touch 01:00-03:00; what
 * matters in practice is that 09:00 is 09:00 on both sides of a change.
 */
export class CallingWindowSchedule {
  private constructor(private readonly hours: Hours | null) {}

  /**
   * The schedule of `window` (null: no restriction, always open) for a contact whose zone is
   * `contactTimezone` (null or absent: use the window's). Throws a RangeError for a zone this
   * runtime does not know: stored zones were validated, so that is a bug, not bad input.
   */
  static of(window: CallingWindowState | null, contactTimezone?: string | null): CallingWindowSchedule {
    if (window === null) return new CallingWindowSchedule(null);
    const zone = contactTimezone ?? window.timezone;
    checkTimeZone(zone);
    const startMs = minutesOf(window.start) * MINUTE_MS;
    const endMs = minutesOf(window.end) * MINUTE_MS;
    if (startMs >= endMs || window.days.length === 0) throw new RangeError('calling window must open before it closes on at least one day');
    return new CallingWindowSchedule({ zone, days: new Set(window.days), startMs, endMs });
  }

  /** The zone the window is read in; null when there is no window. */
  get timezone(): string | null {
    return this.hours?.zone ?? null;
  }

  /** True when a contact may be reached at `now`. */
  isOpen(now: Date): boolean {
    const hours = this.hours;
    if (hours === null) return true;
    const wall = wallMs(hours.zone, now.getTime());
    const day = localDayOf(wall);
    const intoDay = wall - day * DAY_MS;
    return hours.days.has(weekdayOf(day)) && intoDay >= hours.startMs && intoDay < hours.endMs;
  }

  /**
   * The earliest instant at or after `now` at which the window is open: `now` itself when it is
   * open (so a due delivery is never pushed back), else the next opening, to reschedule to.
   */
  nextOpening(now: Date): Date {
    const hours = this.hours;
    const from = now.getTime();
    if (hours === null) return new Date(from);
    // Inside a span the wall clock is `instant + offset`, so each listed day's window is one
    // interval of instants; the first one that meets the span, in span order, is the answer.
    const spans = offsetSpans(hours.zone, from);
    for (let span = spans.next().value; span.fromMs < from + SEARCH_HORIZON_MS; span = spans.next().value) {
      const lastDay = localDayOf(span.untilMs - 1 + span.offsetMs);
      for (let day = localDayOf(span.fromMs + span.offsetMs); day <= lastDay; day++) {
        if (!hours.days.has(weekdayOf(day))) continue;
        const opens = Math.max(span.fromMs, day * DAY_MS + hours.startMs - span.offsetMs);
        const closes = Math.min(span.untilMs, day * DAY_MS + hours.endMs - span.offsetMs);
        if (opens < closes) return new Date(opens);
      }
    }
    throw new RangeError(`calling window never opens in the ${SEARCH_HORIZON_MS / DAY_MS} days after ${now.toISOString()}`);
  }
}
