/**
 * Why a channel provider did not reach a contact, as every gateway adapter reports it (Twilio
 * error codes, Telegram and SMTP replies, call statuses are mapped onto these kinds).
 */
export const PROVIDER_ERROR_KINDS = [
  'invalid_number',
  'blocked',
  'opted_out',
  'timeout',
  'rate_limited',
  'unavailable',
  'busy',
  'no_answer',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export type ProviderErrorClass = 'permanent' | 'transient';

/**
 * Whether trying the same contact again later can succeed.
 * - permanent: the address itself is the problem and no later attempt can fix it. An invalid
 *   number or address is never retried; `blocked` (carrier or recipient block, bot blocked on
 *   Telegram) and `opted_out` (the provider's own unsubscribe list) are the contact's decision.
 * - transient: the moment was wrong. `busy` and `no_answer` are the reason a call campaign has a
 *   retry policy; `timeout`, `rate_limited` and `unavailable` are the provider's moment. Each
 *   uses up an attempt, `rate_limited` included: a retry that cost nothing could loop forever
 *   against a provider that keeps refusing, and the token bucket should keep it from happening.
 *   A `timeout` may hide a request the provider did act on; delivery-idempotency.ts states that window.
 */
export const PROVIDER_ERROR_CLASSES: Readonly<Record<ProviderErrorKind, ProviderErrorClass>> = {
  invalid_number: 'permanent',
  blocked: 'permanent',
  opted_out: 'permanent',
  timeout: 'transient',
  rate_limited: 'transient',
  unavailable: 'transient',
  busy: 'transient',
  no_answer: 'transient',
};

/** True when a later attempt may reach the contact. */
export function isTransient(kind: ProviderErrorKind): boolean {
  return PROVIDER_ERROR_CLASSES[kind] === 'transient';
}
