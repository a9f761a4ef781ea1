export const LEAD_STAGES = [
  'new',
  'profiling',
  'financial_qualification',
  'meeting_scheduled',
  'follow_up',
  'referrals',
  'won',
  'lost',
] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export const LEAD_TREATMENTS = ['automated_telegram', 'automated_call', 'manual_follow_up', 'hold'] as const;
export type LeadTreatment = (typeof LEAD_TREATMENTS)[number];

/** The channels a lead can be reached on (and opt out of), in canonical order; the same as campaign channels. */
export const CONTACT_CHANNELS = ['call', 'whatsapp', 'telegram', 'email', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A value of the flat `customFields` object. */
export type CustomFieldValue = string | number | boolean;
export type CustomFields = Readonly<Record<string, CustomFieldValue>>;

export interface ConsentState {
  /** True when the lead may be contacted on no channel at all. */
  readonly doNotContact: boolean;
  /** In CONTACT_CHANNELS order; every channel when `doNotContact`. */
  readonly optedOutChannels: readonly ContactChannel[];
  /** The reason given with the last consent change. */
  readonly reason: string | null;
  readonly updatedAt: Date;
}

/** The fields PATCH may change: everything except what has its own command or belongs to dispatch. */
export interface LeadContactFields {
  readonly firstName: string;
  readonly lastName: string;
  /** E.164. */
  readonly phone: string | null;
  /** Local part as given, domain lower-cased. */
  readonly email: string | null;
  /** IANA zone, canonical spelling. */
  readonly timezone: string | null;
  readonly region: string | null;
  readonly tags: readonly string[];
  /** Keys in code-point order, so equal objects serialize identically. */
  readonly customFields: CustomFields;
  readonly treatment: LeadTreatment;
  readonly nextActionAt: Date | null;
  readonly notes: string;
}

export type ContactField = keyof LeadContactFields;

// A record rather than an array so the compiler rejects a contact field left out of the list.
const CONTACT: Record<ContactField, true> = {
  firstName: true,
  lastName: true,
  phone: true,
  email: true,
  timezone: true,
  region: true,
  tags: true,
  customFields: true,
  treatment: true,
  nextActionAt: true,
  notes: true,
};

export const CONTACT_FIELDS = Object.keys(CONTACT) as readonly ContactField[];

/** Plain snapshot of a lead: what persistence maps from and to. */
export interface LeadState extends LeadContactFields {
  readonly id: string;
  readonly brandId: string;
  readonly score: number;
  readonly stage: LeadStage;
  readonly stageEnteredAt: Date;
  /** User id (`sub`) of the agent following the lead up. */
  readonly assignedTo: string | null;
  readonly consent: ConsentState;
  // Maintained by dispatch when it reaches the lead; carried unchanged by the aggregate.
  readonly lastContactedAt: Date | null;
  readonly interactions: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
