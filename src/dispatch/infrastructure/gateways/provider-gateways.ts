import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../application/channel-gateway.js';
import type { SenderProvider } from '../../domain/sender-state.js';

/** What an operator sets to enable each provider, for the error a send through an unconfigured one gets. */
const CONFIGURE: Readonly<Record<SenderProvider, string>> = {
  simulated: 'it is always available',
  twilio: 'set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  telegram: 'set TELEGRAM_BOT_TOKENS or TELEGRAM_BOT_TOKEN',
  smtp: 'set SMTP_URL',
};

/**
 * The ChannelGateway dispatch uses: each request goes to the adapter of its sender's provider.
 * A provider without configuration answers `unavailable` (transient): the sends wait and are
 * retried under the campaign's policy, and go through once an operator configures it.
 */
export class ProviderGateways implements ChannelGateway {
  constructor(private readonly adapters: Partial<Readonly<Record<SenderProvider, ChannelGateway>>>) {}

  send(request: ChannelSendRequest): Promise<SendResult> {
    const provider = request.sender.provider;
    const adapter = this.adapters[provider];
    if (!adapter) {
      return Promise.reject(new ProviderError('unavailable', `The ${provider} provider is not configured: ${CONFIGURE[provider]}`, { providerCode: 'not_configured' }));
    }
    return adapter.send(request);
  }
}
