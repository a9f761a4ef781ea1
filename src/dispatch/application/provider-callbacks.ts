import type { CallStatus } from '../../calls/domain/voice-call-state.js';
import type { ProviderErrorKind } from '../domain/provider-error.js';
import type { SenderChannel } from '../domain/sender-state.js';

export type CallbackProvider = 'twilio' | 'telegram' | 'simulated';

/** What every verified report of a provider carries. */
interface ProviderCallback {
  readonly provider: CallbackProvider;
  /**
   * Names the report itself: a provider's retry or a duplicate carries the same key, so a sink
   * records (and acts on) each report once. Twilio: `<Sid>:<status>`; Telegram: `<senderId>:<update_id>`.
   */
  readonly eventKey: string;
  /** From the signed callback URL or the sender it came through; null when the callback named none. */
  readonly brandId: string | null;
  /** The delivery the callback URL named; null when it named none. */
  readonly deliveryId: string | null;
  /** When the provider says it happened; null when it did not say. */
  readonly occurredAt: Date | null;
  /** Every field as the provider sent it, for audit and for what is not modelled here. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A voice call moved on, in the VoiceCall status vocabulary (Twilio's `in-progress` is `answered`). */
export interface CallStatusEvent extends ProviderCallback {
  readonly providerCallId: string;
  readonly status: CallStatus;
  /** The provider's own word for it (`in-progress`, `no-answer`). */
  readonly providerStatus: string;
  /** The provider's count of reports for this call, when it sends one: orders reports that arrive out of order. */
  readonly sequenceNumber: number | null;
  readonly durationSeconds: number | null;
  /** As sent and unchecked: store it only through the calls module's recordingUrlOf (https, provider's domain). */
  readonly recordingUrl: string | null;
  readonly errorCode: string | null;
}

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A message moved on (SMS, WhatsApp). */
export interface MessageStatusEvent extends ProviderCallback {
  readonly providerMessageId: string;
  readonly status: MessageStatus;
  readonly providerStatus: string;
  readonly errorCode: string | null;
  /** For `failed` and `undelivered`: what the provider's error code means for a retry; null otherwise. */
  readonly errorKind: ProviderErrorKind | null;
}

/** A contact wrote to one of the brand's senders. */
export interface InboundMessageEvent extends ProviderCallback {
  readonly channel: SenderChannel;
  readonly senderId: string;
  /** Where to answer: the Telegram chat id. */
  readonly from: string;
  /** E.164, when the contact shared its own phone number in this message. */
  readonly fromPhone: string | null;
  readonly text: string;
  /** The STOP-type keyword the text is (opt-out-keywords.ts), or null. */
  readonly optOutKeyword: string | null;
}

/**
 * Where verified, parsed provider reports go. Callbacks arrive late, twice or out of order: an
 * implementation must accept all of them, act on each `eventKey` once, and only ever move a
 * status forward. The bound implementation records every report in `provider_callbacks`, so
 * nothing verified is lost, and the ProviderCallbackProcessor applies the status reports to
 * deliveries and voice calls from there.
 */
export interface ProviderCallbackSink {
  callStatus(event: CallStatusEvent): Promise<void>;
  messageStatus(event: MessageStatusEvent): Promise<void>;
  inboundMessage(event: InboundMessageEvent): Promise<void>;
}

export const PROVIDER_CALLBACK_SINK = Symbol.for('ProviderCallbackSink');

/**
 * What applying a recorded report did: `applied` changed its delivery or call; `ignored` changed
 * nothing (a repeat, a late or contradictory status); `unmatched` found no delivery or call it
 * names (yet: a report can overtake the recording of the send it is about).
 */
export type CallbackResult = 'applied' | 'ignored' | 'unmatched';
