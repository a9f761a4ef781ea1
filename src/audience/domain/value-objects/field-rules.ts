import { ValidationError, type FieldError } from '../../../../seedwork/domain/index.js';

// The audience module's own copy of the small field checks: modules share no classes (ARCHITECTURE.md).

/** Gathers the failures of independent checks so a client fixes every bad field in one round trip. */
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

  add(field: string, message: string): void {
    this.#errors.push({ field, message });
  }

  throwIfAny(): void {
    if (this.#errors.length > 0) throw new ValidationError([...this.#errors]);
  }
}

/** The value when it is one of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[], value: unknown, field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw ValidationError.single(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Length in characters as PostgreSQL counts them (code points, so an emoji counts once). */
export function characters(value: string): number {
  return [...value].length;
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

/** A valid instant, copied so the caller's Date is never shared. */
export function instant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw ValidationError.single(field, 'must be a valid date-time');
  return new Date(value.getTime());
}
