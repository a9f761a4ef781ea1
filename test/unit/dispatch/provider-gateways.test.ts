import { ProviderError, type ChannelGateway } from '../../../src/dispatch/application/channel-gateway.js';
import { ProviderGateways } from '../../../src/dispatch/infrastructure/gateways/provider-gateways.js';
import { aSendRequest } from './channel-request.mother.js';

describe('ProviderGateways', () => {
  const answering = (providerRef: string): ChannelGateway => ({ send: async () => ({ providerRef, status: 'accepted' }) });

  it('sends each request through its sender\'s provider', async () => {
    const gateways = new ProviderGateways({ simulated: answering('sim'), twilio: answering('twilio') });
    expect((await gateways.send(aSendRequest({ sender: { address: '+15005550006', provider: 'twilio' } }))).providerRef).toBe('twilio');
    expect((await gateways.send(aSendRequest())).providerRef).toBe('sim');
  });

  it.each([
    ['twilio', /TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/],
    ['smtp', /SMTP_URL/],
    ['telegram', /TELEGRAM_BOT_TOKENS/],
  ] as const)('answers a send through an unconfigured %s as unavailable, so it is retried once configured', async (provider, hint) => {
    const error = await new ProviderGateways({}).send(aSendRequest({ sender: { address: 'x', provider } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true, providerCode: 'not_configured' }));
    expect((error as Error).message).toMatch(hint);
  });
});
