import { isUuid } from '../../../seedwork/domain/index.js';

/** The longest key any of our providers accepts as an idempotency or message id. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 64;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 16 bytes of a UUID as unpadded base64url: 22 characters instead of 36. */
function compactUuid(uuid: string): string {
  const hex = uuid.replaceAll('-', '');
  let out = '';
  // 16 bytes = five 3-byte groups (4 characters each) and one byte left (2 characters).
  for (let i = 0; i < 32; i += 6) {
    const group = parseInt(hex.slice(i, i + 6).padEnd(6, '0'), 16);
    const chars = i + 6 <= 32 ? 4 : 2;
    for (let c = 0; c < chars; c++) out += BASE64URL[(group >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * The key every provider request of one attempt carries: `v1.<campaign>.<lead>.<attempt>`, the
 * two UUIDs as unpadded base64url of their bytes (at most 64 characters, URL-safe).
 *
 * An encoding rather than a hash: distinct (campaign, lead, attempt) can never share a key, which
 * a truncated hash only makes unlikely, and a key read in a provider's log names its delivery.
 * Upper- or lower-case UUIDs give the same key. The claim derives it here from the claimed row; in
 * set-based SQL the same key is
 * `'v1.' || rtrim(translate(encode(uuid_send(campaign_id), 'base64'), '+/', '-_'), '=') || '.' || <same for lead_id> || '.' || attempt`.
 *
 * Reuse rule: the key depends on the attempt number only, and only a definite failure starts a
 * new attempt (delivery-status.ts, `failRetryable`). A send retried because its outcome is unknown
 * (the worker crashed or hung and its lease was released) keeps its attempt and so its key, and a
 * provider that honours keys does not act twice. Two windows remain, for the gateways to state:
 * providers that ignore keys, and a `timeout` (a definite failure for the retry policy, though the
 * provider may have acted on the request) retried under the next attempt's key.
 */
export function idempotencyKey(campaignId: string, leadId: string, attempt: number): string {
  if (!isUuid(campaignId) || !isUuid(leadId)) throw new RangeError('idempotency keys are built from campaign and lead UUIDs');
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer from 1, got ${attempt}`);
  const key = `v1.${compactUuid(campaignId)}.${compactUuid(leadId)}.${attempt}`;
  // 49 characters plus the attempt's digits: only an absurd attempt number could overflow.
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) throw new RangeError(`attempt ${attempt} makes the key longer than ${IDEMPOTENCY_KEY_MAX_LENGTH}`);
  return key;
}
