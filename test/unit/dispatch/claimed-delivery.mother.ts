import type { ClaimedDelivery, SenderOption } from '../../../src/dispatch/application/delivery-queue.js';
import type { SenderLimits } from '../../../src/dispatch/domain/sender-choice.js';

let serial = 0;

/** A sender that never sent (full bucket), of rate 10/s and no cap unless overridden. */
export function aSenderOption(id: string, limits: Partial<SenderLimits> = {}): SenderOption {
  return {
    id, address: `+1555000${id.padStart(4, '0')}`, provider: 'simulated',
    limits: { ratePerSecond: 10, dailyCap: null, bucket: null, pacedUntil: null, day: null, daySent: 0, ...limits },
  };
}

/** A claimed sms delivery of campaign `c1`, no calling window, member without a zone; override what the test is about. */
export function aClaimedDelivery(overrides: Partial<ClaimedDelivery> = {}): ClaimedDelivery {
  const n = ++serial;
  return {
    id: `delivery-${n}`, claimToken: 'token', brandId: 'acme', campaignId: 'c1', leadId: `lead-${n}`, attempt: 1,
    idempotencyKey: `key-${n}`, channel: 'sms', retryPolicy: { maxRetries: 3, retryDelayMinutes: 30 }, scriptTemplate: null,
    callingWindow: null, timezone: null, senders: [aSenderOption('s1')],
    lead: { phone: `+57300${String(n).padStart(7, '0')}`, email: null, firstName: 'Ana', lastName: 'Pérez', region: null, customFields: {} },
    ...overrides,
  };
}
