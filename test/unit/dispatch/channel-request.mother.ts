import type { ChannelSendRequest } from '../../../src/dispatch/application/channel-gateway.js';

let serial = 0;

/** A send request as dispatch builds it; each test overrides only what it is about. */
export function aSendRequest(overrides: Partial<ChannelSendRequest> = {}): ChannelSendRequest {
  serial++;
  return {
    idempotencyKey: `v1.test.${serial}.1`,
    brandId: 'acme',
    channel: 'sms',
    sender: { address: '+15005550006', provider: 'simulated' },
    to: '+573001234567',
    text: 'Hola Ana, tenemos una oferta',
    campaignId: '01935a4e-7c00-7000-8000-0000000000c1',
    leadId: '01935a4e-7c00-7000-8000-0000000000a1',
    deliveryId: '01935a4e-7c00-7000-8000-0000000000d1',
    ...overrides,
  };
}
