import { ValidationError, type FieldError } from './domain-error.js';

/**
 * Gathers the failures of several independent checks so a client fixes every bad field in one
 * round trip instead of discovering them one at a time.
 */
export class FieldErrorCollector {
  readonly #errors: FieldError[] = [];

  /** Runs `check`; a ValidationError is kept and `undefined` returned, any other error propagates. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#errors.push(...error.errors);
      return undefined;
    }
  }

  /** Records one failure. */
  add(field: string, message: string): void {
    this.#errors.push({ field, message });
  }

  get hasErrors(): boolean {
    return this.#errors.length > 0;
  }

  /** Throws one ValidationError with every failure recorded so far. */
  throwIfAny(): void {
    if (this.hasErrors) throw new ValidationError([...this.#errors]);
  }
}

/** The value when it is one of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[], value: unknown, field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw ValidationError.single(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** The value when it is an integer within [min, max]. */
export function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw ValidationError.single(field, 'must be an integer');
  if (value < min || value > max) throw ValidationError.single(field, `must be between ${min} and ${max}`);
  return value;
}

/**
 * Length in characters as PostgreSQL counts them (code points, so an emoji counts once): UTF-16
 * units less one per surrogate pair, counted without spreading the string into an array (a CSV
 * import checks several values per row, a million rows over).
 */
export function characters(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** The value when its length in characters is within [min, max]. */
export function boundedText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw ValidationError.single(field, 'must be a string');
  const length = characters(value);
  if (length < min) throw ValidationError.single(field, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
  if (length > max) throw ValidationError.single(field, `must have at most ${max} characters`);
  return value;
}

/** The trimmed text when it has at most `max` characters. */
export function trimmedText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw ValidationError.single(field, 'must be a string');
  const trimmed = value.trim();
  if (characters(trimmed) > max) throw ValidationError.single(field, `must have at most ${max} characters`);
  return trimmed;
}

/** Optional free text (a reason, a region): blank means none. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = trimmedText(value, field, max);
  return trimmed === '' ? null : trimmed;
}

/** A JSON-like object (not null, not an array), so nested fields can be read. */
export function plainObject(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ValidationError.single(field, 'must be an object');
  }
  return value as Readonly<Record<string, unknown>>;
}

/** A valid instant, copied so the caller's Date is never shared. */
export function instant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw ValidationError.single(field, 'must be a valid date-time');
  return new Date(value.getTime());
}
