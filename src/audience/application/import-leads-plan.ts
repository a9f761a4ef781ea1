import { ValidationError, type DomainEvent } from '../../../seedwork/domain/index.js';
import {
  LEAD_AGGREGATE_TYPE, LEAD_EVENT_SCHEMA_VERSION, LeadEventType, leadSnapshotJson, leadUpdatedData,
  type LeadCreatedData, type LeadUpdatedData,
} from '../domain/lead-events.js';
import type { LeadContactFields, LeadState } from '../domain/lead-state.js';
import { initialConsent } from '../domain/value-objects/consent.js';
import { contactFieldsForUpdate } from '../domain/value-objects/contact-fields.js';
import type { RejectedRow, ValidRow } from './import-leads-rows.js';

export type DuplicatePolicy = 'skip' | 'update';

export type ImportedLeadEvent = DomainEvent<LeadCreatedData | LeadUpdatedData>;

/** What one batch writes: every lead it touched in its final state, and their events in order. */
export interface BatchPlan {
  readonly inserts: readonly LeadState[];
  readonly updates: ReadonlyArray<{ readonly state: LeadState; readonly expectedVersion: number }>;
  readonly events: readonly ImportedLeadEvent[];
  readonly imported: number;
  readonly updated: number;
  readonly skipped: number;
  /** Rows refused only because of what is in the database (an email shared by several leads). */
  readonly rejected: readonly RejectedRow[];
}

export interface PlanContext {
  readonly brandId: string;
  readonly onDuplicate: DuplicatePolicy;
  readonly now: Date;
  /** The email column as the file names it, for rejections. */
  readonly emailColumn: string;
  readonly newId: () => string;
}

/** A lead of the batch: as loaded (or just created), then as each row leaves it. */
interface Tracked {
  state: LeadState;
  /** Version in the database; null for a lead this batch creates. */
  readonly storedVersion: number | null;
  readonly events: ImportedLeadEvent[];
}

const NONE: readonly Tracked[] = [];

/** The brand's leads as the batch sees them, by the keys rows are matched on. */
class BatchLeads {
  readonly #byPhone = new Map<string, Tracked>();
  readonly #byEmail = new Map<string, Set<Tracked>>();
  /** Leads that recorded an event, in the order they first did. */
  readonly changed: Tracked[] = [];

  /** `matchEmails`: whether any row of the batch is matched by email (most files give every lead a phone). */
  constructor(private readonly matchEmails: boolean) {}

  add(lead: Tracked): void {
    if (lead.state.phone !== null) this.#byPhone.set(lead.state.phone, lead);
    if (lead.state.email !== null && this.matchEmails) this.#indexEmail(lead, lead.state.email);
  }

  /** The lead with this phone, as a list like byEmail's (the shared empty list when none: no allocation per new lead). */
  byPhone(phone: string): readonly Tracked[] {
    const lead = this.#byPhone.get(phone);
    return lead === undefined ? NONE : [lead];
  }

  byEmail(email: string): readonly Tracked[] {
    return [...(this.#byEmail.get(email.toLowerCase()) ?? [])];
  }

  emailChanged(lead: Tracked, previous: string | null): void {
    if (!this.matchEmails) return;
    if (previous !== null) this.#byEmail.get(previous.toLowerCase())?.delete(lead);
    if (lead.state.email !== null) this.#indexEmail(lead, lead.state.email);
  }

  record(lead: Tracked, event: ImportedLeadEvent): void {
    if (lead.events.length === 0) this.changed.push(lead);
    lead.events.push(event);
  }

  // Emails match case-insensitively, as the (brand_id, lower(email)) index compares them.
  #indexEmail(lead: Tracked, email: string): void {
    const key = email.toLowerCase();
    const leads = this.#byEmail.get(key) ?? new Set();
    leads.add(lead);
    this.#byEmail.set(key, leads);
  }
}

/**
 * Decides a batch as if its rows were applied one after the other: a row whose phone (or, without
 * a phone, whose email) matches a lead that exists at that point — before the import, or created
 * by an earlier row — is a duplicate, skipped or applied as an update. The leads, their versions
 * and their events are exactly what the aggregate would produce (Lead.create, Lead.update); the
 * aggregate itself is not instantiated because one per row costs about 70 µs, mostly in drawing
 * randomness for ids, which a million-row file cannot afford.
 */
export function planBatch(rows: readonly ValidRow[], existing: readonly LeadState[], context: PlanContext): BatchPlan {
  const leads = new BatchLeads(rows.some((row) => row.contact.phone === null));
  for (const state of existing) leads.add({ state, storedVersion: state.version, events: [] });
  let imported = 0;
  let updated = 0;
  let skipped = 0;
  const rejected: RejectedRow[] = [];

  for (const row of rows) {
    const matches = row.contact.phone !== null ? leads.byPhone(row.contact.phone) : leads.byEmail(row.contact.email!);
    if (matches.length === 0) {
      const lead = newLead(row, context);
      leads.add(lead);
      leads.record(lead, event(LeadEventType.Created, leadSnapshotJson(lead.state), lead.state, context));
      imported++;
    } else if (context.onDuplicate === 'skip') {
      skipped++;
    } else if (matches.length > 1) {
      const message = `matches ${matches.length} leads of the brand by email; add the phone to say which one to update`;
      rejected.push({ row: row.row, errors: [{ field: context.emailColumn, message }], cells: row.cells ?? [] });
    } else {
      const outcome = update(matches[0]!, row, context, leads);
      if (outcome === 'updated') updated++;
      else if (outcome === 'unchanged') skipped++;
      else rejected.push({ ...outcome, cells: row.cells ?? [], row: row.row });
    }
  }

  const inserts = leads.changed.filter((lead) => lead.storedVersion === null).map((lead) => lead.state);
  const updates = leads.changed.filter((lead) => lead.storedVersion !== null).map((lead) => ({ state: lead.state, expectedVersion: lead.storedVersion! }));
  return { inserts, updates, events: leads.changed.flatMap((lead) => lead.events), imported, updated, skipped, rejected };
}

function event<T extends LeadCreatedData | LeadUpdatedData>(type: LeadEventType, data: T, state: LeadState, context: PlanContext): ImportedLeadEvent {
  return {
    eventId: context.newId(),
    eventType: type,
    schemaVersion: LEAD_EVENT_SCHEMA_VERSION,
    aggregateType: LEAD_AGGREGATE_TYPE,
    aggregateId: state.id,
    aggregateVersion: state.version,
    brandId: state.brandId,
    occurredAt: context.now,
    data,
  };
}

/** Lead.create's lead: stage `new` unless given, full consent, version 1 (its LeadCreated carries the snapshot). */
function newLead(row: ValidRow, context: PlanContext): Tracked {
  const { now } = context;
  const { contact } = row;
  // Every field named rather than spread: one allocation of one shape, a million times over.
  const state: LeadState = {
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: contact.phone,
    email: contact.email,
    timezone: contact.timezone,
    region: contact.region,
    tags: contact.tags,
    customFields: contact.customFields,
    treatment: contact.treatment,
    nextActionAt: contact.nextActionAt,
    notes: contact.notes,
    id: context.newId(),
    brandId: context.brandId,
    score: row.score,
    stage: row.stage,
    stageEnteredAt: now,
    assignedTo: null,
    consent: initialConsent(now),
    lastContactedAt: null,
    interactions: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { state, storedVersion: null, events: [] };
}

/**
 * Lead.update with the contact fields the row gives. Each custom column sets its own key, keeping
 * the lead's other custom fields; the phone a row was matched on is not a change. Stage and score
 * are not applied to an existing lead: they move through their own actions and events.
 */
function update(lead: Tracked, row: ValidRow, context: PlanContext, leads: BatchLeads): 'updated' | 'unchanged' | { errors: RejectedRow['errors'] } {
  const current = lead.state;
  const changes = Object.fromEntries(
    row.given
      .filter((field) => field !== 'phone')
      .map((field) => [field, field === 'customFields' ? { ...current.customFields, ...row.contact.customFields } : row.contact[field]]),
  ) as Partial<LeadContactFields>;
  let valid: Partial<LeadContactFields>;
  try {
    valid = contactFieldsForUpdate(changes, current);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { errors: error.errors };
  }
  const data = leadUpdatedData(current, valid);
  if (!data) return 'unchanged';
  lead.state = { ...current, ...valid, version: current.version + 1, updatedAt: context.now };
  leads.record(lead, event(LeadEventType.Updated, data, lead.state, context));
  if (lead.state.email !== current.email) leads.emailChanged(lead, current.email);
  return 'updated';
}
