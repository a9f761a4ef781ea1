import { NO_SENDER_RETRY_MS, planClaim, retryTime } from '../../../src/dispatch/application/claim-plan.js';
import type { CallingWindowState } from '../../../src/campaigns/domain/campaign-state.js';
import { aClaimedDelivery, aSenderOption } from './claimed-delivery.mother.js';

// Monday 2026-11-23 10:00 UTC: 05:00 in New York, 11:00 in Berlin, 19:00 in Tokyo.
const NOW = new Date('2026-11-23T10:00:00.000Z');
const NINE_TO_FIVE: CallingWindowState = { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timezone: 'America/New_York' };

describe('planClaim', () => {
  it('defers members outside the calling window to its next opening in their own zone, else the window\'s', () => {
    const berlin = aClaimedDelivery({ callingWindow: NINE_TO_FIVE, timezone: 'Europe/Berlin' });
    const tokyo = aClaimedDelivery({ callingWindow: NINE_TO_FIVE, timezone: 'Asia/Tokyo' });
    const noZone = aClaimedDelivery({ callingWindow: NINE_TO_FIVE, timezone: null });
    const plan = planClaim([berlin, tokyo, noZone], NOW);
    expect(plan.reservations.map((r) => r.delivery)).toEqual([berlin]);
    expect(plan.deferrals).toEqual([
      { delivery: tokyo, until: new Date('2026-11-24T00:00:00.000Z') }, // Tuesday 09:00 in Tokyo
      { delivery: noZone, until: new Date('2026-11-23T14:00:00.000Z') }, // Monday 09:00 in New York
    ]);
  });

  it('defers a delivery whose campaign has no sender, and looks again a minute later', () => {
    const lonely = aClaimedDelivery({ senders: [] });
    expect(planClaim([lonely], NOW).deferrals).toEqual([{ delivery: lonely, until: new Date(NOW.getTime() + NO_SENDER_RETRY_MS) }]);
  });

  it('spreads a campaign over its senders and keys the campaign\'s day in its window zone, the senders\' in UTC', () => {
    const senders = [aSenderOption('s1'), aSenderOption('s2')];
    const window: CallingWindowState = { ...NINE_TO_FIVE, days: ['mon'], start: '00:00', end: '23:59', timezone: 'Asia/Tokyo' };
    const batch = Array.from({ length: 4 }, () => aClaimedDelivery({ senders, callingWindow: window }));
    const plan = planClaim(batch, NOW);
    expect(plan.reservations.map((r) => r.senderId)).toEqual(['s1', 's2', 's1', 's2']);
    expect(plan.reservations.every((r) => r.campaignDay === '2026-11-23')).toBe(true);
    expect(plan.senderDay).toBe('2026-11-23');
  });

  it('defers to the next UTC day the deliveries whose senders are all at their daily cap', () => {
    const senders = [aSenderOption('s1', { dailyCap: 1, day: '2026-11-23', daySent: 1 })];
    const capped = aClaimedDelivery({ senders });
    expect(planClaim([capped], NOW).deferrals).toEqual([{ delivery: capped, until: new Date('2026-11-24T00:00:00.000Z') }]);
  });
});

describe('retryTime', () => {
  const window: CallingWindowState = { ...NINE_TO_FIVE, timezone: 'Asia/Tokyo' };

  it('sends a delivery over maxPerDay to the next day of the campaign\'s window zone', () => {
    const delivery = aClaimedDelivery({ callingWindow: { ...window, start: '00:00', end: '23:59', days: ['mon', 'tue'] } });
    const plan = planClaim([delivery], NOW);
    expect(retryTime({ kind: 'campaignCap' }, plan.reservations[0]!, plan, NOW)).toEqual(new Date('2026-11-23T15:00:00.000Z'));
  });

  it('retries at once a delivery refused by a sender at its cap while another of its senders had room, else tomorrow (UTC)', () => {
    const two = aClaimedDelivery({ senders: [aSenderOption('s1'), aSenderOption('s2')] });
    const plan = planClaim([two], NOW);
    expect(retryTime({ kind: 'senderCap' }, plan.reservations[0]!, plan, NOW)).toEqual(NOW);
    const one = aClaimedDelivery({ senders: [aSenderOption('s1')] });
    const alone = planClaim([one], NOW);
    expect(retryTime({ kind: 'senderCap' }, alone.reservations[0]!, alone, NOW)).toEqual(new Date('2026-11-24T00:00:00.000Z'));
  });

  it('gives a delivery waiting for tokens the slot its sender keeps for it', () => {
    const plan = planClaim([aClaimedDelivery()], NOW);
    const slot = new Date(NOW.getTime() + 1_234);
    expect(retryTime({ kind: 'wait', until: slot }, plan.reservations[0]!, plan, NOW)).toEqual(slot);
  });
});
