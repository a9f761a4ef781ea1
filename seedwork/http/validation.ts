import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError, type FieldError } from '../domain/index.js';

function flatten(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints
      ? [{ field, message: e.constraints.whitelistValidation ? 'is not an allowed field' : Object.values(e.constraints).join('; ') }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Turns a JSON body into a validated DTO instance: unknown fields are rejected (so no client
 * can set a field it does not own) and every bad field is reported, not only the first.
 */
export function parseBody<T extends object>(dto: ClassConstructor<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ValidationError.single('body', 'must be a JSON object');
  }
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false, exposeDefaultValues: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ValidationError(flatten(errors));
  return instance;
}

/** For actions that take no body: absent or `{}` is fine, any field is reported as not allowed. */
export function requireEmptyBody(body: unknown): void {
  if (body === undefined) return;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ValidationError.single('body', 'must be a JSON object');
  const fields = Object.keys(body);
  if (fields.length) throw new ValidationError(fields.map((field) => ({ field, message: 'is not an allowed field' })));
}

/** Query parameters outside `allowed`, or given twice, are reported rather than silently ignored. */
export function queryErrors(query: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return Object.entries(query).flatMap(([name, value]) =>
    !allowed.includes(name) ? [{ field: name, message: 'is not a known query parameter' }]
      : typeof value !== 'string' ? [{ field: name, message: 'must be given once' }]
      : [],
  );
}

/** Throws when queryErrors finds anything. */
export function allowOnlyQuery(query: Record<string, unknown>, allowed: readonly string[]): void {
  const errors = queryErrors(query, allowed);
  if (errors.length) throw new ValidationError(errors);
}
