import { isTransient, type ProviderErrorKind } from '../domain/provider-error.js';
import type { SenderChannel, SenderProvider } from '../domain/sender-state.js';

/** One send to one contact, as dispatch hands it to a provider. */
export interface ChannelSendRequest {
  /** Derived from (campaign, lead, attempt) (delivery-idempotency.ts): the same attempt always carries the same key. */
  readonly idempotencyKey: string;
  /** The delivery's brand; it travels in callback URLs so a callback is recorded under its tenant. */
  readonly brandId: string;
  readonly channel: SenderChannel;
  readonly sender: { readonly address: string; readonly provider: SenderProvider };
  /** E.164 for call, sms and whatsapp; an email address; a Telegram chat id. */
  readonly to: string;
  /**
   * The rendered script (script-template.ts), already escaped for the channel: XML text for
   * `call` (it goes inside TwiML `<Say>`), HTML text for `email`, plain text otherwise.
   */
  readonly text: string;
  /** Email only; without it the first line of the text is the subject. */
  readonly subject?: string;
  /** Where the provider reports status; by default the service's own webhook under PUBLIC_BASE_URL. */
  readonly callbackUrl?: string;
  readonly campaignId: string;
  readonly leadId: string;
  readonly deliveryId: string;
}

/**
 * The provider took the request. `accepted`: the outcome comes later, in status callbacks (a
 * call placed, a message queued, an email relayed); `delivered`: the provider reports the
 * contact reached already (Telegram's sendMessage, the simulated provider).
 */
export interface SendResult {
  /** The provider's id of what it did (Twilio's CallSid or MessageSid, a Message-ID, a chat and message id). */
  readonly providerRef: string;
  readonly status: 'accepted' | 'delivered';
}

/**
 * The provider refused or failed the send. `kind` is what dispatch acts on (provider-error.ts
 * classifies it permanent or transient); `providerCode` and the message keep the provider's own
 * words for operators.
 */
export class ProviderError extends Error {
  /** True when another attempt later may succeed (PROVIDER_ERROR_CLASSES). */
  readonly retryable: boolean;
  /** The provider's error code or status (`21211`, `429`, `550`), as text. */
  readonly providerCode?: string;
  /** How long the provider asked us to wait (a 429's Retry-After or Telegram's retry_after). */
  readonly retryAfterMs?: number;

  constructor(readonly kind: ProviderErrorKind, message: string, details: { providerCode?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ProviderError';
    this.retryable = isTransient(kind);
    if (details.providerCode !== undefined) this.providerCode = details.providerCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Sends one message or places one call through a provider. Resolves when the provider accepted
 * it; throws a ProviderError when the provider refused or failed it (any other error is a bug).
 * Every adapter passes `idempotencyKey` on in whatever form the provider has, and states where
 * the provider does not honour it.
 */
export interface ChannelGateway {
  send(request: ChannelSendRequest): Promise<SendResult>;
}

export const CHANNEL_GATEWAY = Symbol.for('ChannelGateway');
