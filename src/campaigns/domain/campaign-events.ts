import {
  WRITABLE_FIELDS,
  type CallingWindowState,
  type CampaignMetricsState,
  type CampaignStatus,
  type CampaignWritableFields,
  type MoneyState,
  type RetryPolicyState,
  type WritableField,
} from './campaign-state.js';
import type { ActivationReason, FinishReason } from './campaign-lifecycle.js';
import type { BusinessMetrics, MetricsChange } from './value-objects/campaign-metrics.js';

export const CampaignEventType = {
  Created: 'CampaignCreated',
  Updated: 'CampaignUpdated',
  Scheduled: 'CampaignScheduled',
  Activated: 'CampaignActivated',
  Paused: 'CampaignPaused',
  Resumed: 'CampaignResumed',
  Finished: 'CampaignFinished',
  Cancelled: 'CampaignCancelled',
  Deleted: 'CampaignDeleted',
  MetricsUpdated: 'CampaignMetricsUpdated',
  AudienceAdded: 'CampaignAudienceAdded',
  AudienceRemoved: 'CampaignAudienceRemoved',
} as const;
export type CampaignEventType = (typeof CampaignEventType)[keyof typeof CampaignEventType];

/**
 * The `schemaVersion` each event type is recorded with now. A change to an event's data other
 * than a new optional field takes a new version, and readers upcast the older ones
 * (infrastructure/campaign-event-upcasters.ts): the log itself is never rewritten.
 */
export const CAMPAIGN_EVENT_SCHEMA_VERSIONS: { readonly [T in CampaignEventType]: number } = {
  CampaignCreated: 1,
  CampaignUpdated: 1,
  // v2 nests the instants under `schedule`, the shape CampaignCreated and CampaignUpdated use.
  CampaignScheduled: 2,
  CampaignActivated: 1,
  CampaignPaused: 1,
  CampaignResumed: 1,
  CampaignFinished: 1,
  CampaignCancelled: 1,
  CampaignDeleted: 1,
  CampaignMetricsUpdated: 1,
  CampaignAudienceAdded: 1,
  CampaignAudienceRemoved: 1,
};

// Event data is JSON: instants are ISO 8601 strings, amounts decimal strings.

export interface ScheduleJson {
  readonly startAt: string;
  readonly endAt: string | null;
}

/** Writable fields as they appear in event data. */
export interface CampaignSettingsJson {
  readonly name: string;
  readonly description: string;
  readonly type: CampaignWritableFields['type'];
  readonly objective: CampaignWritableFields['objective'];
  readonly channel: CampaignWritableFields['channel'];
  readonly schedule: ScheduleJson | null;
  readonly callingWindow: CallingWindowState | null;
  readonly retryPolicy: RetryPolicyState;
  readonly budget: MoneyState | null;
  readonly maxPerDay: number | null;
  readonly priority: number;
  readonly scriptTemplate: string | null;
  /** Absent from events written before campaigns could name their senders: read it as null. */
  readonly senderIds?: readonly string[] | null;
}

/** The whole initial state except `version`, which the event carries as its aggregateVersion. */
export interface CampaignCreatedData extends CampaignSettingsJson {
  readonly id: string;
  readonly brandId: string;
  readonly status: CampaignStatus;
  readonly metrics: CampaignMetricsState;
  readonly cancelReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Only the fields that really changed, with their new and their old values. */
export interface CampaignUpdatedData {
  readonly changes: Partial<CampaignSettingsJson>;
  readonly previous: Partial<CampaignSettingsJson>;
}

/**
 * schemaVersion 2. Version 1 carried `startAt` and `endAt` at the top level: the only event with
 * the schedule flattened, so a consumer needed a second parser for one concept, and a top-level
 * `startAt` read like the event's own time. Now it is the same `schedule` object as in
 * CampaignCreated and CampaignUpdated's `changes`.
 */
export interface CampaignScheduledData {
  readonly schedule: ScheduleJson;
  readonly previousStatus: CampaignStatus;
}

export interface CampaignActivatedData {
  readonly reason: ActivationReason;
  readonly previousStatus: CampaignStatus;
}

export interface CampaignPausedData {
  readonly reason: string | null;
}

export type CampaignResumedData = Record<string, never>;

export interface CampaignFinishedData {
  readonly reason: FinishReason;
  readonly previousStatus: CampaignStatus;
}

export interface CampaignCancelledData {
  readonly reason: string | null;
  readonly previousStatus: CampaignStatus;
}

export type CampaignDeletedData = Record<string, never>;

export interface CampaignMetricsUpdatedData {
  /** The report as applied: `{set}` or `{increment}` per metric, amounts with two decimals. */
  readonly changes: MetricsChange;
  /** Absolute values after the report. */
  readonly metrics: BusinessMetrics;
}

/** Where an audience snapshot came from. A segment's name and criteria are kept as they were then. */
export type AudienceSourceJson =
  | { readonly type: 'leadIds'; readonly requested: number; readonly notFound: number }
  | { readonly type: 'segment'; readonly segmentId: string; readonly name: string; readonly criteria: Record<string, unknown> }
  | { readonly type: 'criteria'; readonly criteria: Record<string, unknown> };

/** Audience size and members still pending after a change: `metrics.totalContacts` and `metrics.pending`. */
export interface AudienceTotals {
  readonly totalContacts: number;
  readonly pending: number;
}

/** A snapshot of leads joined the audience; every count comes from the one statement that took it. */
export interface CampaignAudienceAddedData extends AudienceTotals {
  readonly source: AudienceSourceJson;
  readonly priority: number;
  readonly added: number;
  readonly alreadyPresent: number;
  readonly excluded: { readonly optedOut: number; readonly unreachable: number };
}

export interface CampaignAudienceRemovedData extends AudienceTotals {
  readonly leadId: string;
}

/** The data shape of each event type, so recording the wrong shape does not compile. */
export interface CampaignEventData {
  CampaignCreated: CampaignCreatedData;
  CampaignUpdated: CampaignUpdatedData;
  CampaignScheduled: CampaignScheduledData;
  CampaignActivated: CampaignActivatedData;
  CampaignPaused: CampaignPausedData;
  CampaignResumed: CampaignResumedData;
  CampaignFinished: CampaignFinishedData;
  CampaignCancelled: CampaignCancelledData;
  CampaignDeleted: CampaignDeletedData;
  CampaignMetricsUpdated: CampaignMetricsUpdatedData;
  CampaignAudienceAdded: CampaignAudienceAddedData;
  CampaignAudienceRemoved: CampaignAudienceRemovedData;
}

type FieldToJson = { readonly [K in WritableField]: (value: CampaignWritableFields[K]) => CampaignSettingsJson[K] };

// Objects are rebuilt key by key so two equal values always serialize identically, whatever
// key order the persistence mapper produced; that is what update's change detection compares.
const TO_JSON: FieldToJson = {
  name: (value) => value,
  description: (value) => value,
  type: (value) => value,
  objective: (value) => value,
  channel: (value) => value,
  schedule: (value) => value && { startAt: value.startAt.toISOString(), endAt: value.endAt?.toISOString() ?? null },
  callingWindow: (value) =>
    value && { start: value.start, end: value.end, days: [...value.days], timezone: value.timezone },
  retryPolicy: (value) => ({ maxRetries: value.maxRetries, retryDelayMinutes: value.retryDelayMinutes }),
  budget: (value) => value && { amount: value.amount, currency: value.currency },
  maxPerDay: (value) => value,
  priority: (value) => value,
  scriptTemplate: (value) => value,
  senderIds: (value) => value && [...value],
};

/** A writable field's value as event data (a fresh object, never shared with the aggregate's state). */
export function settingsFieldJson<K extends WritableField>(field: K, value: CampaignWritableFields[K]): CampaignSettingsJson[K] {
  return TO_JSON[field](value);
}

/** All writable fields as event data. */
export function settingsJson(fields: CampaignWritableFields): CampaignSettingsJson {
  return Object.fromEntries(WRITABLE_FIELDS.map((field) => [field, settingsFieldJson(field, fields[field])])) as unknown as CampaignSettingsJson;
}
