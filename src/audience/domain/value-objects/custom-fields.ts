import { characters, FieldErrorCollector, ValidationError } from '../../../../seedwork/domain/index.js';
import type { CustomFields, CustomFieldValue } from '../lead-state.js';

export const MAX_CUSTOM_FIELDS = 100;
export const MAX_CUSTOM_STRING_CHARACTERS = 1000;
/** Usable as an identifier in templates (`{{specialty}}`) and as a segment field (`customFields.specialty`). */
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Valid by the pattern, but assigning it to an object would replace the object's prototype. */
const RESERVED_KEY = '__proto__';

function value(raw: unknown, field: string): CustomFieldValue {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw ValidationError.single(field, 'must be a finite number');
    return raw;
  }
  if (typeof raw === 'string') {
    if (characters(raw) > MAX_CUSTOM_STRING_CHARACTERS) throw ValidationError.single(field, `must have at most ${MAX_CUSTOM_STRING_CHARACTERS} characters`);
    return raw;
  }
  throw ValidationError.single(field, 'must be a string, a number or a boolean (custom fields are flat)');
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);

/** A copy with keys in code-point order (keys are ASCII, so code units order them the same). */
export function inKeyOrder(fields: CustomFields): CustomFields {
  return Object.fromEntries(Object.entries(fields).sort(byKey));
}

/**
 * Validates a flat object of strings, numbers and booleans. Keys come back in code-point order:
 * PostgreSQL's jsonb reorders keys anyway, and a fixed order lets equal objects compare equal.
 */
export function normaliseCustomFields(raw: unknown, field = 'customFields'): CustomFields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw ValidationError.single(field, 'must be an object');
  const entries = Object.entries(raw);
  if (entries.length > MAX_CUSTOM_FIELDS) throw ValidationError.single(field, `must have at most ${MAX_CUSTOM_FIELDS} keys`);
  const errors = new FieldErrorCollector();
  const valid: Array<[string, CustomFieldValue]> = [];
  for (const [key, item] of entries) {
    const path = `${field}.${key}`;
    if (!KEY.test(key) || key === RESERVED_KEY) {
      errors.add(path, 'is not a valid key: start with a letter or _, then letters, digits or _ (at most 64)');
      continue;
    }
    const checked = errors.check(() => value(item, path));
    if (checked !== undefined) valid.push([key, checked]);
  }
  errors.throwIfAny();
  return Object.fromEntries(valid.sort(byKey));
}
