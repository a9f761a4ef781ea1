import { ValidationError, type FieldError } from '../../../../seedwork/domain/index.js';

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

  add(field: string, message: string): void {
    this.#errors.push({ field, message });
  }

  get hasErrors(): boolean {
    return this.#errors.length > 0;
  }

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
 * The value when its length in characters is within [min, max]. Counts code points, not UTF-16
 * units, so an emoji counts once as it does for PostgreSQL.
 */
export function boundedText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw ValidationError.single(field, 'must be a string');
  const length = [...value].length;
  if (length < min) throw ValidationError.single(field, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
  if (length > max) throw ValidationError.single(field, `must have at most ${max} characters`);
  return value;
}

/** A JSON-like object (not null, not an array), so nested fields can be read. */
export function plainObject(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ValidationError.single(field, 'must be an object');
  }
  return value as Readonly<Record<string, unknown>>;
}
