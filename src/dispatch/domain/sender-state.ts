import { CAMPAIGN_CHANNELS, type CampaignChannel } from '../../campaigns/domain/campaign-state.js';

export const SENDER_AGGREGATE_TYPE = 'Sender';

/** A sender sends on exactly the channels a campaign can use. */
export const SENDER_CHANNELS = CAMPAIGN_CHANNELS;
export type SenderChannel = CampaignChannel;

export const SENDER_PROVIDERS = ['simulated', 'twilio', 'telegram', 'smtp'] as const;
export type SenderProvider = (typeof SENDER_PROVIDERS)[number];

/** `disabled` keeps the sender (and what refers to it) but takes it out of dispatch. */
export const SENDER_STATUSES = ['active', 'disabled'] as const;
export type SenderStatus = (typeof SENDER_STATUSES)[number];

/** What each provider can carry; `simulated` stands in for any of them. */
export const PROVIDER_CHANNELS: Readonly<Record<SenderProvider, readonly SenderChannel[]>> = {
  simulated: SENDER_CHANNELS,
  twilio: ['call', 'sms', 'whatsapp'],
  telegram: ['telegram'],
  smtp: ['email'],
};

export const MAX_RATE_PER_SECOND = 1000;
export const MAX_DAILY_CAP = 10_000_000;

/** The fields PATCH may change. The channel is the sender's identity and never changes. */
export interface SenderWritableFields {
  readonly provider: SenderProvider;
  /** Canonical form per channel (sender-rules.ts): E.164, a bot username or id, an email address. */
  readonly address: string;
  /** Sends per second the provider allows this sender; decimals allowed (0.5 = one every 2 s). */
  readonly ratePerSecond: number;
  /** Sends per UTC day; null: no cap. */
  readonly dailyCap: number | null;
  readonly status: SenderStatus;
}

export type SenderWritableField = keyof SenderWritableFields;

// A record rather than an array so the compiler rejects a writable field left out of the list.
const WRITABLE: Record<SenderWritableField, true> = { provider: true, address: true, ratePerSecond: true, dailyCap: true, status: true };
export const SENDER_WRITABLE_FIELDS = Object.keys(WRITABLE) as readonly SenderWritableField[];

/** Plain snapshot of a sender: what persistence maps from and to. */
export interface SenderState extends SenderWritableFields {
  readonly id: string;
  readonly brandId: string;
  readonly channel: SenderChannel;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
