import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { buildMessage, ValidateBy, validateSync, type ValidationError as ClassValidatorError, type ValidationOptions } from 'class-validator';
import { ValidationError, type FieldError } from '../domain/index.js';

function flatten(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    // A field that is itself wrong (e.g. an array where an object belongs) is one error; what
    // the validator found inside it would only repeat that.
    if (e.constraints) {
      return [{ field, message: e.constraints.whitelistValidation ? 'is not an allowed field' : Object.values(e.constraints).join('; ') }];
    }
    return flatten(e.children ?? [], field);
  });
}

/** A JSON object (not an array, not null), for nested DTO fields. */
export function IsJsonObject(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isJsonObject',
    validator: {
      validate: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      defaultMessage: buildMessage((each) => `${each}must be a JSON object`, options),
    },
  }, options);
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

/** The body without the given dotted paths. */
function without(body: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy = structuredClone(body);
  for (const path of paths) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[keys[keys.length - 1]!];
  }
  return copy;
}

const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * parseBody, and when the JSON shape is wrong, also the domain's `rules` over the fields whose
 * shape was fine: the client hears of every bad field in one answer, not in two rounds.
 */
export function parseBodyReportingAll<T extends object>(dto: ClassConstructor<T>, body: unknown, rules: (wellShaped: Record<string, unknown>) => void): T {
  try {
    return parseBody(dto, body);
  } catch (error) {
    if (!(error instanceof ValidationError) || typeof body !== 'object' || body === null || Array.isArray(body)) throw error;
    const shapeFields = error.errors.map((e) => e.field);
    let ruleErrors: FieldError[] = [];
    try {
      rules(without(body as Record<string, unknown>, shapeFields));
    } catch (ruleError) {
      if (!(ruleError instanceof ValidationError)) throw ruleError;
      ruleErrors = ruleError.errors.filter((e) => !shapeFields.some((f) => related(e.field, f)));
    }
    throw new ValidationError([...error.errors, ...ruleErrors]);
  }
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
