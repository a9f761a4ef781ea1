import { ValidationError } from '../../../../seedwork/domain/index.js';

// RFC 5321 limits; the local part is the RFC 5322 dot-atom (quoted local parts are refused:
// no real contact list needs them and many providers reject them).
const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ASCII = /^[\x20-\x7e]*$/;
/** Characters that would make the URL parser read a host other than the one written. */
const NOT_IN_HOST = /[\s/\\?#@:[\]%]/;

/** The domain in lower-case ASCII: an internationalised domain becomes its `xn--` form, which mail servers route. */
function asciiDomain(domain: string): string | null {
  if (ASCII.test(domain)) return domain.toLowerCase();
  if (NOT_IN_HOST.test(domain)) return null;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
}

function isHostName(domain: string): boolean {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1]!;
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && /[a-z]/.test(tld) && tld.length >= 2;
}

/**
 * Normalises an email address: trimmed, domain lower-cased (domains are case-insensitive; the
 * local part may not be, so it is kept as written). Throws a ValidationError on `field`.
 */
export function normaliseEmail(raw: unknown, field = 'email'): string {
  if (typeof raw !== 'string') throw ValidationError.single(field, 'must be a string');
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = at > 0 ? asciiDomain(text.slice(at + 1)) : null;
  if (at <= 0 || !LOCAL_PART.test(local) || domain === null || !isHostName(domain)) {
    throw ValidationError.single(field, 'must be an email address such as ana@example.com');
  }
  if (local.length > MAX_LOCAL) throw ValidationError.single(field, `must have at most ${MAX_LOCAL} characters before the @`);
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) throw ValidationError.single(field, `must have at most ${MAX_ADDRESS} characters`);
  return address;
}
