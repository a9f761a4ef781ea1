export const CAMPAIGN_TYPES = ['affiliation', 'influencer', 'loyalty', 'b2b', 'mixed'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

export const CAMPAIGN_OBJECTIVES = ['sales', 'brand_awareness', 'engagement', 'lead_generation', 'conversion'] as const;
export type CampaignObjective = (typeof CAMPAIGN_OBJECTIVES)[number];

export const CAMPAIGN_CHANNELS = ['call', 'whatsapp', 'telegram', 'email', 'sms'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'paused', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Week order: calling-window days are kept sorted in it so equal windows compare equal. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleState {
  readonly startAt: Date;
  readonly endAt: Date | null;
}

export interface CallingWindowState {
  /** `HH:MM`, 24 h, local time of `timezone` (or of the contact's own zone). */
  readonly start: string;
  readonly end: string;
  readonly days: readonly Weekday[];
  /** IANA zone, e.g. `America/Bogota`. */
  readonly timezone: string;
}

export interface RetryPolicyState {
  readonly maxRetries: number;
  readonly retryDelayMinutes: number;
}

export interface MoneyState {
  /** Decimal string with exactly the currency's minor digits (`"1500.00"`, `"1500"` for JPY). */
  readonly amount: string;
  /** ISO 4217 code. */
  readonly currency: string;
}

export interface CampaignMetricsState {
  // Delivery counters: maintained by dispatch, carried unchanged by the aggregate.
  readonly totalContacts: number;
  readonly pending: number;
  readonly successful: number;
  readonly failed: number;
  // Business metrics reported by brands (reportMetrics).
  readonly salesCount: number;
  /** Decimal string with two fraction digits. */
  readonly salesAmount: string;
  readonly engagement: number;
  /** Decimal string with two fraction digits. */
  readonly budgetSpent: string;
}

/** The fields a client may write (create and PATCH). */
export interface CampaignWritableFields {
  readonly name: string;
  readonly description: string;
  readonly type: CampaignType;
  readonly objective: CampaignObjective;
  readonly channel: CampaignChannel;
  readonly schedule: ScheduleState | null;
  readonly callingWindow: CallingWindowState | null;
  readonly retryPolicy: RetryPolicyState;
  readonly budget: MoneyState | null;
  readonly maxPerDay: number | null;
  readonly priority: number;
  readonly scriptTemplate: string | null;
  /** The brand's senders this campaign may use (sorted ids); null: all its active senders on the channel. */
  readonly senderIds: readonly string[] | null;
}

export type WritableField = keyof CampaignWritableFields;

// A record rather than an array so the compiler rejects a writable field left out of the list.
const WRITABLE: Record<WritableField, true> = {
  name: true,
  description: true,
  type: true,
  objective: true,
  channel: true,
  schedule: true,
  callingWindow: true,
  retryPolicy: true,
  budget: true,
  maxPerDay: true,
  priority: true,
  scriptTemplate: true,
  senderIds: true,
};

export const WRITABLE_FIELDS = Object.keys(WRITABLE) as readonly WritableField[];

/** Plain snapshot of a campaign: what persistence maps from and to. */
export interface CampaignState extends CampaignWritableFields {
  readonly id: string;
  readonly brandId: string;
  readonly status: CampaignStatus;
  readonly metrics: CampaignMetricsState;
  readonly cancelReason: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
