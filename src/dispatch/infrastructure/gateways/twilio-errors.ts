import type { ProviderErrorKind } from '../../domain/provider-error.js';

/**
 * Twilio error codes (https://www.twilio.com/docs/api/errors) that say what went wrong with the
 * contact, by what dispatch should do about it. The same codes come back from the REST API
 * (refused request) and in status callbacks (`ErrorCode` of a failed or undelivered message).
 */
const KINDS: Readonly<Record<number, ProviderErrorKind>> = {
  21211: 'invalid_number', // Invalid 'To' phone number
  21214: 'invalid_number', // 'To' phone number cannot be reached
  21217: 'invalid_number', // Phone number does not appear to be valid
  21614: 'invalid_number', // 'To' number is not a valid mobile number
  30005: 'invalid_number', // Unknown destination handset
  30006: 'invalid_number', // Landline or unreachable carrier
  21610: 'opted_out', // Attempt to send to an unsubscribed recipient (the contact replied STOP)
  21215: 'blocked', // Geo permissions do not allow this call
  21408: 'blocked', // Permission to send to this region is not enabled
  21612: 'blocked', // The 'To' number cannot be reached by this sender
  30004: 'blocked', // Message blocked
  30007: 'blocked', // Message filtered by the carrier
  63016: 'blocked', // WhatsApp: outside the 24-hour window, a template is required
  20429: 'rate_limited', // Too many requests
  30001: 'rate_limited', // Queue overflow
  30003: 'unavailable', // Unreachable handset (switched off, no coverage): later may work
  30008: 'unavailable', // Unknown error
};

/**
 * What a refused REST request means: a known code decides; else 429 is `rate_limited`, 5xx and
 * an authentication failure (our credentials, not the contact's fault) are `unavailable`, and
 * any other 4xx is `blocked`: the same request would be refused again, so it is not retried.
 */
export function twilioRequestErrorKind(code: number | null, httpStatus: number): ProviderErrorKind {
  if (code !== null && KINDS[code]) return KINDS[code];
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus >= 500 || httpStatus === 401 || httpStatus === 403) return 'unavailable';
  return 'blocked';
}

/** What the `ErrorCode` of a failed or undelivered message means; an unknown code may be the carrier's moment, so `unavailable`. */
export function twilioCallbackErrorKind(code: number | null): ProviderErrorKind {
  return (code !== null && KINDS[code]) || 'unavailable';
}
