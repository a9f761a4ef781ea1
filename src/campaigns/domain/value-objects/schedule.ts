import { FieldErrorCollector, plainObject, ValidationError, ValueObject } from '../../../../seedwork/domain/index.js';
import type { ScheduleState } from '../campaign-state.js';

/** What a client sends: `endAt` may be left out for an open-ended campaign. */
export interface ScheduleInput {
  readonly startAt: Date;
  readonly endAt?: Date | null;
}

function instant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw ValidationError.single(field, 'must be a valid date-time');
  return new Date(value.getTime());
}

function sameInstant(a: Date | null | undefined, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** When a campaign starts, and optionally ends: the scheduler activates at `startAt` and finishes at `endAt`. */
export class Schedule extends ValueObject<{ startAt: string; endAt: string | null }> {
  readonly #state: ScheduleState;

  private constructor(state: ScheduleState) {
    super({ startAt: state.startAt.toISOString(), endAt: state.endAt?.toISOString() ?? null });
    this.#state = state;
  }

  /**
   * Validates a new schedule at `now`: `startAt` strictly in the future, `endAt` strictly after
   * `startAt`. With `previous`, an instant the client did not change is not held against `now`,
   * so a running campaign can move its end without its past start being rejected.
   * `prefix` names the fields (`schedule` → `schedule.startAt`; empty → `startAt`).
   */
  static create(input: ScheduleInput, now: Date, prefix: string, previous: ScheduleState | null = null): Schedule {
    const path = (name: string): string => (prefix ? `${prefix}.${name}` : name);
    const object = plainObject(input, prefix || 'schedule');
    const errors = new FieldErrorCollector();
    const startAt = errors.check(() => instant(object['startAt'], path('startAt')));
    const endAtInput = object['endAt'] ?? null;
    const endAt = endAtInput === null ? null : errors.check(() => instant(endAtInput, path('endAt')));
    if (startAt !== undefined && startAt <= now && !sameInstant(previous?.startAt, startAt)) {
      errors.add(path('startAt'), 'must be in the future');
    }
    if (startAt !== undefined && endAt) {
      if (endAt <= startAt) errors.add(path('endAt'), 'must be after startAt');
      else if (endAt <= now && !sameInstant(previous?.endAt, endAt)) errors.add(path('endAt'), 'must be in the future');
    }
    errors.throwIfAny();
    return new Schedule({ startAt: startAt!, endAt: endAt ?? null });
  }

  toState(): ScheduleState {
    return { startAt: new Date(this.#state.startAt.getTime()), endAt: this.#state.endAt && new Date(this.#state.endAt.getTime()) };
  }
}
