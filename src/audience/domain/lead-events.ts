import { newId, type DomainEvent } from '../../../seedwork/domain/index.js';
import {
  CONTACT_FIELDS,
  type ConsentState,
  type ContactChannel,
  type ContactField,
  type CustomFieldValue,
  type LeadContactFields,
  type LeadStage,
  type LeadState,
  type LeadTreatment,
} from './lead-state.js';

export const LEAD_AGGREGATE_TYPE = 'Lead';
export const LEAD_EVENT_SCHEMA_VERSION = 1;

export const LeadEventType = {
  Created: 'LeadCreated',
  Updated: 'LeadUpdated',
  StageChanged: 'LeadStageChanged',
  ScoreChanged: 'LeadScoreChanged',
  Assigned: 'LeadAssigned',
  OptedOut: 'LeadOptedOut',
  OptedIn: 'LeadOptedIn',
} as const;
export type LeadEventType = (typeof LeadEventType)[keyof typeof LeadEventType];

// Event data is JSON: instants are ISO 8601 strings.

export interface ConsentJson {
  readonly doNotContact: boolean;
  readonly optedOutChannels: ContactChannel[];
  readonly reason: string | null;
  readonly updatedAt: string;
}

/** The contact fields as they appear in event data (and in the representation). */
export interface LeadContactJson {
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly timezone: string | null;
  readonly region: string | null;
  readonly tags: string[];
  readonly customFields: Record<string, CustomFieldValue>;
  readonly treatment: LeadTreatment;
  readonly nextActionAt: string | null;
  readonly notes: string;
}

/** The whole lead except `version`, which an event carries as its aggregateVersion. */
export interface LeadSnapshotJson extends LeadContactJson {
  readonly id: string;
  readonly brandId: string;
  readonly score: number;
  readonly stage: LeadStage;
  readonly stageEnteredAt: string;
  readonly assignedTo: string | null;
  readonly consent: ConsentJson;
  readonly lastContactedAt: string | null;
  readonly interactions: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type LeadCreatedData = LeadSnapshotJson;

/** Only the contact fields that really changed, with their new and their old values. */
export interface LeadUpdatedData {
  readonly changes: Partial<LeadContactJson>;
  readonly previous: Partial<LeadContactJson>;
}

export interface LeadStageChangedData {
  readonly from: LeadStage;
  readonly to: LeadStage;
  readonly reason: string | null;
}

export interface LeadScoreChangedData {
  readonly from: number;
  readonly to: number;
  /** `to - from`, also when the score was set rather than moved. */
  readonly delta: number;
}

export interface LeadAssignedData {
  readonly from: string | null;
  readonly to: string | null;
}

/** LeadOptedOut and LeadOptedIn: what was asked, and the consent that resulted. */
export interface LeadConsentChangedData {
  /** The channels the command named; every channel when it named none. */
  readonly channels: ContactChannel[];
  readonly reason: string | null;
  readonly doNotContact: boolean;
  readonly optedOutChannels: ContactChannel[];
}

/** The data shape of each event type, so recording the wrong shape does not compile. */
export interface LeadEventData {
  LeadCreated: LeadCreatedData;
  LeadUpdated: LeadUpdatedData;
  LeadStageChanged: LeadStageChangedData;
  LeadScoreChanged: LeadScoreChangedData;
  LeadAssigned: LeadAssignedData;
  LeadOptedOut: LeadConsentChangedData;
  LeadOptedIn: LeadConsentChangedData;
}

const iso = (date: Date | null): string | null => date && date.toISOString();

type FieldToJson = { readonly [K in ContactField]: (value: LeadContactFields[K]) => LeadContactJson[K] };

// Fresh arrays and objects, never shared with the aggregate's state.
const TO_JSON: FieldToJson = {
  firstName: (value) => value,
  lastName: (value) => value,
  phone: (value) => value,
  email: (value) => value,
  timezone: (value) => value,
  region: (value) => value,
  tags: (value) => [...value],
  customFields: (value) => ({ ...value }),
  treatment: (value) => value,
  nextActionAt: iso,
  notes: (value) => value,
};

function contactFieldJson<K extends ContactField>(field: K, value: LeadContactFields[K]): LeadContactJson[K] {
  return TO_JSON[field](value);
}

function consentJson(consent: ConsentState): ConsentJson {
  return {
    doNotContact: consent.doNotContact,
    optedOutChannels: [...consent.optedOutChannels],
    reason: consent.reason,
    updatedAt: consent.updatedAt.toISOString(),
  };
}

/**
 * The lead as JSON: LeadCreated's data, and the representation without `version`. Each field is
 * written out (the same as TO_JSON gives) rather than mapped over CONTACT_FIELDS: an import
 * builds a million of these, and one literal is several times cheaper than entries turned into
 * an object.
 */
export function leadSnapshotJson(state: Omit<LeadState, 'version'>): LeadSnapshotJson {
  return {
    id: state.id,
    brandId: state.brandId,
    firstName: state.firstName,
    lastName: state.lastName,
    phone: state.phone,
    email: state.email,
    timezone: state.timezone,
    region: state.region,
    tags: [...state.tags],
    customFields: { ...state.customFields },
    treatment: state.treatment,
    nextActionAt: iso(state.nextActionAt),
    notes: state.notes,
    score: state.score,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt.toISOString(),
    assignedTo: state.assignedTo,
    consent: consentJson(state.consent),
    lastContactedAt: iso(state.lastContactedAt),
    interactions: state.interactions,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}

/**
 * LeadUpdated's data for moving `previous` to the values in `next`, or null when no value really
 * changes (then no event is recorded). Values are compared as JSON, which is why custom fields
 * are kept in key order.
 */
export function leadUpdatedData(previous: LeadContactFields, next: Partial<LeadContactFields>): LeadUpdatedData | null {
  const changes: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    if (next[field] === undefined) continue;
    const from = contactFieldJson(field, previous[field]);
    const to = contactFieldJson(field, next[field]!);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = to;
    before[field] = from;
  }
  return Object.keys(changes).length === 0 ? null : { changes, previous: before };
}

/**
 * A complete lead event, for writers that change leads without loading the aggregate (the CSV
 * import's set-based batches), so their events are indistinguishable from the aggregate's.
 */
export function leadEvent<T extends LeadEventType>(
  eventType: T,
  data: LeadEventData[T],
  lead: { readonly id: string; readonly brandId: string; readonly version: number },
  occurredAt: Date,
): DomainEvent<LeadEventData[T]> {
  return {
    eventId: newId(),
    eventType,
    schemaVersion: LEAD_EVENT_SCHEMA_VERSION,
    aggregateType: LEAD_AGGREGATE_TYPE,
    aggregateId: lead.id,
    aggregateVersion: lead.version,
    brandId: lead.brandId,
    occurredAt,
    data,
  };
}
