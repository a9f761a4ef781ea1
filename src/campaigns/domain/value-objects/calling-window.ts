import { FieldErrorCollector, isIanaTimeZone, plainObject, ValidationError, ValueObject } from '../../../../seedwork/domain/index.js';
import { WEEKDAYS, type CallingWindowState, type Weekday } from '../campaign-state.js';

const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

function timeOfDay(value: unknown, field: string): string {
  if (typeof value !== 'string' || !TIME_OF_DAY.test(value)) {
    throw ValidationError.single(field, 'must be a time of day HH:MM between 00:00 and 23:59');
  }
  return value;
}

function weekdays(value: unknown, field: string): Weekday[] {
  if (!Array.isArray(value) || value.length === 0) throw ValidationError.single(field, 'must list at least one day');
  const list: readonly unknown[] = value;
  const unknown = list.filter((day) => !(WEEKDAYS as readonly unknown[]).includes(day));
  if (unknown.length > 0) {
    throw ValidationError.single(field, `must contain only ${WEEKDAYS.join(', ')} (got ${unknown.map(String).join(', ')})`);
  }
  if (new Set(list).size !== list.length) throw ValidationError.single(field, 'must not repeat a day');
  return WEEKDAYS.filter((day) => list.includes(day));
}

function timeZone(value: unknown, field: string): string {
  if (typeof value === 'string' && isIanaTimeZone(value)) return value;
  throw ValidationError.single(field, 'must be an IANA time zone such as "America/Bogota" or "UTC"');
}

/** Hours and days in which contacts may be reached, in the local time of a zone. */
export class CallingWindow extends ValueObject<CallingWindowState> {
  private constructor(props: CallingWindowState) {
    super(props);
  }

  /** Validates every part; errors name `<field>.start`, `.end`, `.days`, `.timezone`. Days come back in week order. */
  static create(input: CallingWindowState, field: string): CallingWindow {
    const object = plainObject(input, field);
    const errors = new FieldErrorCollector();
    const start = errors.check(() => timeOfDay(object['start'], `${field}.start`));
    const end = errors.check(() => timeOfDay(object['end'], `${field}.end`));
    // A window never crosses midnight, so each listed day fully describes when contacts may be reached.
    if (start !== undefined && end !== undefined && start >= end) errors.add(`${field}.end`, 'must be after start');
    const days = errors.check(() => weekdays(object['days'], `${field}.days`));
    const timezone = errors.check(() => timeZone(object['timezone'], `${field}.timezone`));
    errors.throwIfAny();
    return new CallingWindow({ start: start!, end: end!, days: days!, timezone: timezone! });
  }

  toState(): CallingWindowState {
    return { start: this.props.start, end: this.props.end, days: [...this.props.days], timezone: this.props.timezone };
  }
}
