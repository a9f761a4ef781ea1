import { characters, FieldErrorCollector, instant, oneOf, optionalText, trimmedText, ValidationError } from '../../../../seedwork/domain/index.js';
import { CONTACT_FIELDS, LEAD_TREATMENTS, type ContactField, type LeadContactFields } from '../lead-state.js';
import { normaliseCustomFields } from './custom-fields.js';
import { normaliseEmail } from './email.js';
import { normalisePhone, type CountryCode } from './phone.js';
import { normaliseTags } from './tags.js';
import { normaliseTimezone } from './timezone.js';

/** Contact fields as a client sends them; null clears a nullable field. */
export interface LeadContactInput {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly timezone?: string | null;
  readonly region?: string | null;
  readonly tags?: readonly string[];
  readonly customFields?: Readonly<Record<string, unknown>>;
  readonly treatment?: string;
  readonly nextActionAt?: Date | null;
  readonly notes?: string;
}

const MAX_NAME = 100;
const MAX_REGION = 100;
const MAX_NOTES = 10_000;

const DEFAULTS: LeadContactFields = {
  firstName: '',
  lastName: '',
  phone: null,
  email: null,
  timezone: null,
  region: null,
  tags: [],
  customFields: {},
  treatment: 'automated_call',
  nextActionAt: null,
  notes: '',
};

type FieldRules = {
  readonly [K in ContactField]: (value: unknown, defaultCountry: CountryCode | undefined) => LeadContactFields[K];
};

const nullable = <T>(rule: (value: unknown) => T) => (value: unknown): T | null => (value === null ? null : rule(value));

/** Each field's rule; a rule receives a present (not undefined) value and returns it normalised. */
const RULES: FieldRules = {
  firstName: (value) => trimmedText(value, 'firstName', MAX_NAME),
  lastName: (value) => trimmedText(value, 'lastName', MAX_NAME),
  phone: (value, defaultCountry) => (value === null ? null : normalisePhone(value, defaultCountry)),
  email: nullable((value) => normaliseEmail(value)),
  timezone: nullable((value) => normaliseTimezone(value)),
  region: (value) => optionalText(value, 'region', MAX_REGION),
  tags: (value) => normaliseTags(value),
  customFields: (value) => normaliseCustomFields(value),
  treatment: (value) => oneOf(LEAD_TREATMENTS, value, 'treatment'),
  nextActionAt: nullable((value) => instant(value, 'nextActionAt')),
  notes: (value) => {
    if (typeof value !== 'string') throw ValidationError.single('notes', 'must be a string');
    if (characters(value) > MAX_NOTES) throw ValidationError.single('notes', `must have at most ${MAX_NOTES} characters`);
    return value;
  },
};

function validatePresent(input: LeadContactInput, defaultCountry: CountryCode | undefined, errors: FieldErrorCollector): Partial<LeadContactFields> {
  const valid: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    if (input[field] === undefined) continue;
    errors.check(() => (valid[field] = RULES[field](input[field], defaultCountry)));
  }
  return valid as Partial<LeadContactFields>;
}

const REACHABLE = 'a lead needs a phone or an email';

/**
 * Contact fields of a new lead, normalised, the rest defaulted; national phone numbers are read
 * in `defaultCountry`. Throws one ValidationError naming every bad field.
 */
export function contactFieldsForCreate(input: LeadContactInput, defaultCountry?: CountryCode): LeadContactFields {
  const errors = new FieldErrorCollector();
  const valid = validatePresent(input, defaultCountry, errors);
  // A phone that was sent but is invalid is reported as invalid, not as missing.
  if (input.phone == null && input.email == null) errors.add('phone', `is required when there is no email: ${REACHABLE}`);
  errors.throwIfAny();
  return { ...DEFAULTS, ...valid };
}

/**
 * Normalised values of the fields present in `changes`. Clearing the phone or the email is
 * refused when it would leave the lead with neither.
 */
export function contactFieldsForUpdate(
  changes: LeadContactInput,
  current: LeadContactFields,
  defaultCountry?: CountryCode,
): Partial<LeadContactFields> {
  const errors = new FieldErrorCollector();
  const valid = validatePresent(changes, defaultCountry, errors);
  const phone = changes.phone === undefined ? current.phone : valid.phone;
  const email = changes.email === undefined ? current.email : valid.email;
  if (phone === null && email === null) {
    for (const field of ['phone', 'email'] as const) if (changes[field] === null) errors.add(field, `cannot be removed: ${REACHABLE}`);
  }
  errors.throwIfAny();
  return valid;
}
