import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';
import { ValidationError } from '../../../../seedwork/domain/index.js';

// The "max" metadata: "min" judges validity by length alone and would accept numbers no carrier
// can route. Loaded through `core` by its package path because the `max` entry point imports it
// by a relative `.json.js` path, which the test runner's `.js` mapping turns into raw JSON.

export type { CountryCode };

const MAX_INPUT_CHARACTERS = 40;
/** What people type around digits; letters (vanity numbers, "ext.") are refused rather than guessed. */
const PHONE_TEXT = /^\+?[\d\s().\-/]+$/;
const SEPARATORS = /[\s().\-/]/g;

/**
 * Prefixes contact lists still carry although the numbering plan dropped them, tried only when
 * the number as written is invalid. A trunk `0` is typed by habit in many countries; Mexico
 * removed `01` (long distance), `044`/`045` (mobile) and the `1` after `+52` in 2019-2020.
 */
const LEGACY_PREFIXES: Readonly<Record<string, readonly RegExp[]>> = {
  '52': [/^0(?:44|45|1)(?=\d{10}$)/, /^1(?=\d{10}$)/],
};
const TRUNK_ZERO = /^0(?=[1-9])/;

/** An ISO 3166-1 alpha-2 code the phone metadata knows, upper-cased (`co` → `CO`). */
export function parseCountryCode(value: unknown, field = 'defaultCountry'): CountryCode {
  const code = typeof value === 'string' ? value.toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code as CountryCode, metadata)) {
    throw ValidationError.single(field, 'must be an ISO 3166-1 alpha-2 country code such as "CO"');
  }
  return code as CountryCode;
}

function withoutLegacyPrefix(parsed: PhoneNumber): string | null {
  const national = parsed.nationalNumber;
  for (const prefix of [TRUNK_ZERO, ...(LEGACY_PREFIXES[parsed.countryCallingCode] ?? [])]) {
    if (!prefix.test(national)) continue;
    const retry = parsePhoneNumberFromString(`+${parsed.countryCallingCode}${national.replace(prefix, '')}`, metadata);
    if (retry?.isValid()) return retry.number;
  }
  return null;
}

/** E.164 of a number libphonenumber reads, directly or without a legacy prefix; null when invalid. */
function e164(text: string, country: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country }, metadata);
  if (!parsed) return null;
  return parsed.isValid() ? parsed.number : withoutLegacyPrefix(parsed);
}

function invalid(text: string, country: CountryCode | undefined, field: string): ValidationError {
  const where = country ? ` (read with default country ${country})` : '';
  switch (validatePhoneNumberLength(text, { defaultCountry: country }, metadata)) {
    case 'TOO_SHORT': return ValidationError.single(field, `is too short for a phone number${where}`);
    case 'TOO_LONG': return ValidationError.single(field, `is too long for a phone number${where}`);
    case 'INVALID_COUNTRY': return ValidationError.single(field, 'starts with an unknown country calling code');
    default: return ValidationError.single(field, `is not a valid phone number${where}`);
  }
}

/**
 * Normalises a phone number to E.164. International forms (`+57 300 123 4567`,
 * `0057 300 123 4567`) need no country; national forms (`300 123 4567`, `(212) 555-0123`,
 * `0 300…`) are read in `defaultCountry`, which the caller must give explicitly — a lead's
 * `region` is a sales territory, not a country. Throws a ValidationError on `field` saying why.
 */
export function normalisePhone(raw: unknown, defaultCountry?: CountryCode, field = 'phone'): string {
  if (typeof raw !== 'string') throw ValidationError.single(field, 'must be a string');
  const text = raw.trim();
  if (text === '') throw ValidationError.single(field, 'must not be blank');
  if ([...text].length > MAX_INPUT_CHARACTERS) throw ValidationError.single(field, `must have at most ${MAX_INPUT_CHARACTERS} characters`);
  if (!PHONE_TEXT.test(text)) {
    throw ValidationError.single(field, 'may contain only digits, spaces, dots, dashes, slashes, parentheses and a leading +');
  }
  const compact = text.replace(SEPARATORS, '');
  if (compact.startsWith('+')) return e164(compact, undefined) ?? fail(invalid(compact, undefined, field));
  // `00` is the international prefix in most of the world; where it is not (011 in the US),
  // the national reading below still lets libphonenumber apply the country's own prefix.
  const viaZeroZero = compact.startsWith('00') ? `+${compact.slice(2)}` : null;
  const international = viaZeroZero && e164(viaZeroZero, undefined);
  if (international) return international;
  if (defaultCountry) return e164(compact, defaultCountry) ?? fail(invalid(compact, defaultCountry, field));
  if (viaZeroZero) throw invalid(viaZeroZero, undefined, field);
  throw ValidationError.single(field, 'is a national number: write it with + and the country code (+57 300 123 4567) or send defaultCountry');
}

function fail(error: Error): never {
  throw error;
}
