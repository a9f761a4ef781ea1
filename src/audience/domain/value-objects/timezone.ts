import { isIanaTimeZone, ValidationError } from '../../../../seedwork/domain/index.js';

// Building an Intl.DateTimeFormat is costly (an import normalises a zone per row) and a brand's leads use few zones.
const canonical = new Map<string, string>();

/**
 * Normalises an IANA time zone to its canonical spelling (`america/bogota` → `America/Bogota`,
 * `US/Eastern` → `America/New_York`), so filters and calling windows compare equal zones equal.
 * Offsets such as `+05:00` are refused: they follow no place's daylight-saving rules.
 */
export function normaliseTimezone(raw: unknown, field = 'timezone'): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!isIanaTimeZone(text)) throw ValidationError.single(field, 'must be an IANA time zone such as "America/Bogota" or "UTC"');
  let name = canonical.get(text);
  if (name === undefined) {
    name = new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
    if (canonical.size < 10_000) canonical.set(text, name);
  }
  return name;
}
