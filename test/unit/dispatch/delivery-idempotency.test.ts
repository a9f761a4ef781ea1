import { randomUUID } from 'node:crypto';
import { newId } from '../../../seedwork/domain/index.js';
import { idempotencyKey, IDEMPOTENCY_KEY_MAX_LENGTH } from '../../../src/dispatch/domain/delivery-idempotency.js';
import { attemptAfter, DELIVERY_ACTIONS } from '../../../src/dispatch/domain/delivery-status.js';

const CAMPAIGN = '01935a4e-7c00-7000-8000-000000000001';
const LEAD = '01935a4e-7c00-7000-8000-0000000000aa';

/** What PostgreSQL computes: rtrim(translate(encode(uuid_send(id), 'base64'), '+/', '-_'), '='). */
function sqlCompact(uuid: string): string {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64').replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

describe('Delivery idempotency key', () => {
  it('is stable: the same (campaign, lead, attempt) always gives the same key', () => {
    expect(idempotencyKey(CAMPAIGN, LEAD, 1)).toBe('v1.AZNaTnwAcACAAAAAAAAAAQ.AZNaTnwAcACAAAAAAAAAqg.1');
    expect(idempotencyKey(CAMPAIGN, LEAD, 1)).toBe(idempotencyKey(CAMPAIGN, LEAD, 1));
    expect(idempotencyKey(CAMPAIGN.toUpperCase(), LEAD.toUpperCase(), 1)).toBe(idempotencyKey(CAMPAIGN, LEAD, 1));
  });

  it('is URL-safe, at most 64 characters, and what the documented SQL expression computes', () => {
    for (let i = 0; i < 500; i++) {
      const [campaign, lead] = i % 2 ? [randomUUID(), randomUUID()] : [newId(), newId()];
      const attempt = 1 + (i % 11);
      const key = idempotencyKey(campaign, lead, attempt);
      expect(key).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(key.length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX_LENGTH);
      expect(key).toBe(`v1.${sqlCompact(campaign)}.${sqlCompact(lead)}.${attempt}`);
    }
    expect(idempotencyKey(CAMPAIGN, LEAD, 999_999_999_999_999)).toHaveLength(64);
    expect(() => idempotencyKey(CAMPAIGN, LEAD, 1_000_000_000_000_000)).toThrow(RangeError);
  });

  it('differs whenever the campaign, the lead or the attempt differs', () => {
    const keys = new Set<string>();
    const campaigns = Array.from({ length: 20 }, () => newId());
    const leads = Array.from({ length: 50 }, () => newId());
    for (const campaign of campaigns) for (const lead of leads) for (const attempt of [1, 2, 3]) keys.add(idempotencyKey(campaign, lead, attempt));
    expect(keys.size).toBe(20 * 50 * 3);
    // Swapping campaign and lead does not collide either.
    expect(idempotencyKey(LEAD, CAMPAIGN, 1)).not.toBe(idempotencyKey(CAMPAIGN, LEAD, 1));
  });

  it.each([
    ['not-a-uuid', LEAD, 1],
    [CAMPAIGN, '', 1],
    [CAMPAIGN, LEAD, 0],
    [CAMPAIGN, LEAD, 1.5],
  ])('refuses (%j, %j, %p)', (campaign, lead, attempt) => {
    expect(() => idempotencyKey(campaign, lead, attempt)).toThrow(RangeError);
  });

  /**
   * Reuse rule: only a definite failure (failRetryable) moves to a new key; a crashed send whose
   * lease is released is sent again under the key it may already have used.
   */
  const NEW_KEY_AFTER = new Set(['failRetryable']);

  it.each(DELIVERY_ACTIONS)('after %s, the next send carries the expected key', (action) => {
    const before = idempotencyKey(CAMPAIGN, LEAD, 2);
    const after = idempotencyKey(CAMPAIGN, LEAD, attemptAfter(action, 2));
    if (NEW_KEY_AFTER.has(action)) expect(after).toBe(idempotencyKey(CAMPAIGN, LEAD, 3));
    else expect(after).toBe(before);
  });
});
