import { chooseSenders, senderCapacity, type SenderCapacity, type SenderLimits } from '../../../src/dispatch/domain/sender-choice.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

function limits(overrides: Partial<SenderLimits> = {}): SenderLimits {
  return { ratePerSecond: 10, dailyCap: null, bucket: null, pacedUntil: null, day: null, daySent: 0, ...overrides };
}

function capacity(id: string, overrides: Partial<SenderCapacity> = {}): SenderCapacity {
  return { id, ratePerSecond: 10, available: 0, leftToday: Number.POSITIVE_INFINITY, nextSlotMs: NOW.getTime(), ...overrides };
}

describe('senderCapacity', () => {
  it('gives a sender that never sent a full bucket: one second of sends now, the next 1/rate after', () => {
    expect(senderCapacity('a', limits(), NOW)).toEqual({
      id: 'a', ratePerSecond: 10, available: 10, leftToday: Number.POSITIVE_INFINITY, nextSlotMs: at(100).getTime(),
    });
  });

  it('refills the stored bucket to now and counts whole tokens only', () => {
    // 2.5 tokens 100 ms ago at 10/s: 3.5 now, 3 usable, the 4th whole one 50 ms from now.
    const capacityNow = senderCapacity('a', limits({ bucket: { tokens: 2.5, refilledAt: at(-100) } }), NOW);
    expect(capacityNow).toMatchObject({ available: 3, nextSlotMs: at(50).getTime() });
  });

  it('puts the next send after the slots already promised to waiting deliveries', () => {
    const capacityNow = senderCapacity('a', limits({ bucket: { tokens: 0, refilledAt: NOW }, pacedUntil: at(2_000) }), NOW);
    expect(capacityNow).toMatchObject({ available: 0, nextSlotMs: at(2_000).getTime() });
  });

  it('forgets promised slots once the bucket is full again: nobody came for them', () => {
    const capacityNow = senderCapacity('a', limits({ bucket: { tokens: 0, refilledAt: at(-5_000) }, pacedUntil: at(3_600_000) }), NOW);
    expect(capacityNow).toMatchObject({ available: 10, nextSlotMs: at(100).getTime() });
  });

  it('counts the daily cap in UTC days: today\'s sends count, an earlier day\'s do not', () => {
    expect(senderCapacity('a', limits({ dailyCap: 5, day: '2026-11-23', daySent: 3 }), NOW)).toMatchObject({ available: 2, leftToday: 2 });
    expect(senderCapacity('a', limits({ dailyCap: 5, day: '2026-11-22', daySent: 5 }), NOW)).toMatchObject({ available: 5, leftToday: 5 });
    expect(senderCapacity('a', limits({ dailyCap: 5, day: '2026-11-23', daySent: 5 }), NOW)).toMatchObject({ available: 0, leftToday: 0 });
  });

  it('keeps the count of a later day, written by a worker whose clock runs ahead', () => {
    expect(senderCapacity('a', limits({ dailyCap: 5, day: '2026-11-24', daySent: 4 }), NOW)).toMatchObject({ leftToday: 1 });
  });
});

describe('chooseSenders', () => {
  it('alternates between equal senders while they have tokens', () => {
    const a = capacity('a', { available: 3 });
    const b = capacity('b', { available: 3 });
    expect(chooseSenders(Array.from({ length: 6 }, () => [a, b]))).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('uses the tokens at hand first, then the earliest free slots, so waiting sends follow the rates', () => {
    const slow = capacity('slow', { available: 1, ratePerSecond: 1, nextSlotMs: at(1_000).getTime() });
    const fast = capacity('fast', { available: 0, ratePerSecond: 3, nextSlotMs: at(1_000).getTime() });
    const chosen = chooseSenders(Array.from({ length: 9 }, () => [slow, fast]));
    expect(chosen[0]).toBe('slow');
    // From second 1 on, slots: fast every 333 ms, slow every 1000 ms: three to one.
    expect(chosen.slice(1).filter((id) => id === 'fast')).toHaveLength(6);
    expect(chosen.slice(1).filter((id) => id === 'slow')).toHaveLength(2);
  });

  it('never chooses a sender past its daily cap, and none when all of a delivery\'s senders are there', () => {
    const capped = capacity('capped', { available: 5, leftToday: 2 });
    const other = capacity('other', { available: 0, nextSlotMs: at(60_000).getTime() });
    expect(chooseSenders([[capped, other], [capped, other], [capped, other]])).toEqual(['capped', 'capped', 'other']);
    expect(chooseSenders([[capped], [capped], [capped]])).toEqual(['capped', 'capped', null]);
  });

  it('counts a sender shared by two campaigns across both', () => {
    const shared = capacity('shared', { available: 1, nextSlotMs: at(100).getTime() });
    const own = capacity('own', { available: 0, nextSlotMs: at(50).getTime() });
    expect(chooseSenders([[shared], [shared, own]])).toEqual(['shared', 'own']);
  });
});
