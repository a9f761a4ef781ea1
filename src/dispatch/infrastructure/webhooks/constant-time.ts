import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals `expected`, compared in time that does not depend on where they
 * differ, so a forger cannot find a secret or signature one character at a time. Both are
 * hashed first, which makes them equally long: timingSafeEqual needs that, and the length of
 * the secret is not revealed either.
 */
export function constantTimeEquals(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
