import { ValidationError } from '../../../seedwork/domain/index.js';

const MAX_URL_LENGTH = 2048;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An allow-list entry as a bare lower-case host name (`twilio.com`); anything else is a configuration bug. */
function domainOf(entry: string): string {
  const domain = entry.trim().toLowerCase();
  if (!HOSTNAME.test(domain)) throw new RangeError(`recording domain '${entry}' must be a host name such as 'twilio.com'`);
  return domain;
}

/**
 * The recording URL as stored, or a ValidationError on `recordingUrl`: only https, on the
 * default port, without credentials, on a host that is one of `allowedDomains` or below one
 * (`api.twilio.com` under `twilio.com`). The URL is later shown to users and fetched by
 * reporting, so anything else would let a forged or misrouted callback point them at an
 * attacker's host. The comparison is on the parsed host, so `twilio.com.evil.example`,
 * `eviltwilio.com` and `https://twilio.com@evil.example` do not pass.
 */
export function recordingUrlOf(raw: unknown, allowedDomains: readonly string[]): string {
  const domains = allowedDomains.map(domainOf);
  const refuse = (why: string) => ValidationError.single('recordingUrl', why);
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) throw refuse(`must be a URL of at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('must be an absolute URL');
  }
  if (url.protocol !== 'https:') throw refuse('must use https');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry credentials');
  if (url.port !== '') throw refuse('must use the default https port');
  const host = url.hostname;
  if (!domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) {
    throw refuse(`must be on the provider's domain (${domains.join(', ') || 'none configured'})`);
  }
  return url.href;
}
