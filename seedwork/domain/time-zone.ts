/**
 * Shape of an IANA zone name (`UTC`, `America/Bogota`, `Etc/GMT+5`). Checked before Intl because
 * newer ICU versions also accept offsets such as `+05:00`, which follow no daylight-saving rules
 * of a place and would silently shift a calling window by an hour twice a year.
 */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
// Building an Intl.DateTimeFormat is costly and the set of zones a service sees is small.
const known = new Map<string, boolean>();

/** True when the string names an IANA time zone this runtime knows. */
export function isIanaTimeZone(value: string): boolean {
  let ok = known.get(value);
  if (ok === undefined) {
    ok = ZONE_NAME.test(value);
    if (ok) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
      } catch {
        ok = false; // Intl rejects unknown zones with a RangeError
      }
    }
    if (known.size < 10_000) known.set(value, ok);
  }
  return ok;
}
