import { createHmac } from 'node:crypto';
import { constantTimeEquals } from './constant-time.js';

/** A form body as Express parses it: a field sent more than once is an array. */
export type FormParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's request signature (https://www.twilio.com/docs/usage/security#validating-requests):
 * base64 of HMAC-SHA1, keyed with the auth token, over the full URL Twilio requested (query
 * included) followed by every POST field name and value, names in sorted order; a repeated
 * field contributes each of its values, sorted.
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    for (const item of typeof value === 'string' ? [value] : [...value].sort()) data += name + item;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The URL as Twilio may have signed it: with https or http on the default port, Twilio's own
 * validators try it with and without the explicit port, since which one Twilio used depends on
 * how the callback URL was written.
 */
function signedUrlVariants(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : null;
  if (defaultPort === null || parsed.port !== '') return [url];
  const rest = `${parsed.pathname}${parsed.search}`;
  const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
  return [...new Set([url, `${parsed.protocol}//${auth}${parsed.hostname}:${defaultPort}${rest}`, `${parsed.protocol}//${auth}${parsed.hostname}${rest}`])];
}

/** True when `signature` (X-Twilio-Signature) is Twilio's for this URL and body; false when absent or wrong. */
export function isValidTwilioSignature(authToken: string, url: string, params: FormParams, signature: string | undefined): boolean {
  if (!signature) return false;
  return signedUrlVariants(url).some((candidate) => constantTimeEquals(twilioSignature(authToken, candidate, params), signature));
}
