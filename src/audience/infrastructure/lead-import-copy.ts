import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LeadState } from '../domain/lead-state.js';
import { LEAD_AGGREGATE_TYPE } from '../domain/lead-events.js';
import type { ImportedLeadEvent } from '../application/import-leads-plan.js';
import { COPY_NULL, CopyBuffers, copyJson, copyNullableText, copyText, copyTextArray } from './copy-text.js';

/**
 * The staging table's columns: what differs from one lead of a batch to the next. The rest of a
 * new lead (brand, instants, consent, counters) is the same for every lead of the batch, and an
 * update changes only contact fields, so those come from the statement's parameters instead of
 * being written and parsed once per row.
 */
export const LEAD_STAGE_COLUMNS = [
  'expected_version', 'version', 'id', 'first_name', 'last_name', 'phone', 'email', 'timezone', 'region', 'tags',
  'custom_fields', 'treatment', 'next_action_at', 'notes', 'score', 'stage',
] as const;

export interface StagedLead {
  readonly state: LeadState;
  /** The version an update expects to find stored; null for a new lead. */
  readonly expectedVersion: number | null;
}

/**
 * Whether the columns the staging table leaves out are those the statements write for this lead:
 * a new lead as Lead.create makes it at `at` (then maybe updated by later rows of the batch, which
 * changes contact fields and the version only), an update made at `at`. Checked per lead so that a
 * change to either is caught instead of written wrongly.
 */
function stagedWhole({ state, expectedVersion }: StagedLead, brandId: string, at: Date): boolean {
  const time = at.getTime();
  if (state.brandId !== brandId || state.updatedAt.getTime() !== time) return false;
  if (expectedVersion !== null) return true;
  const { consent } = state;
  return state.createdAt.getTime() === time && state.stageEnteredAt.getTime() === time && state.assignedTo === null
    && state.lastContactedAt === null && state.interactions === 0 && !consent.doNotContact && consent.optedOutChannels.length === 0
    && consent.reason === null && consent.updatedAt.getTime() === time;
}

/**
 * Rows encoded between two turns of the event loop. A batch is encoded while the previous one
 * loads: the previous batch's next statement goes out within these few milliseconds instead of
 * waiting for the whole batch to be encoded, so the database is not left idle meanwhile.
 */
const ROWS_PER_TURN = 256;

/** The leads' staging rows (LEAD_STAGE_COLUMNS); throws when a lead is not one the batch statements can write. */
export async function leadLines(leads: readonly StagedLead[], brandId: string, at: Date): Promise<Buffer[]> {
  const out = new CopyBuffers();
  for (let i = 0; i < leads.length; i++) {
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    const lead = leads[i]!;
    if (!stagedWhole(lead, brandId, at)) throw new TypeError(`Lead ${lead.state.id} is neither new nor updated at the batch's instant`);
    const { state: s, expectedVersion } = lead;
    out.add(
      `${expectedVersion ?? COPY_NULL}\t${s.version}\t${s.id}\t${copyText(s.firstName)}\t${copyText(s.lastName)}\t${copyNullableText(s.phone)}\t`
      + `${copyNullableText(s.email)}\t${copyNullableText(s.timezone)}\t${copyNullableText(s.region)}\t${copyTextArray(s.tags)}\t`
      + `${copyJson(s.customFields)}\t${copyText(s.treatment)}\t${s.nextActionAt?.toISOString() ?? COPY_NULL}\t${copyText(s.notes)}\t`
      + `${s.score}\t${copyText(s.stage)}\n`,
    );
  }
  return out.done();
}

/** Written straight into domain_events: `position` and `transaction_id` take their defaults. */
export const EVENT_COLUMNS = [
  'event_id', 'aggregate_type', 'aggregate_id', 'aggregate_version', 'event_type', 'schema_version', 'brand_id', 'payload', 'metadata', 'occurred_at',
] as const;

/** The events' rows in order (EVENT_COLUMNS), each with the import's metadata (JSON). */
export async function eventLines(events: readonly ImportedLeadEvent[], metadata: string): Promise<Buffer[]> {
  const out = new CopyBuffers();
  const fixed = `\t${copyText(metadata)}\t`;
  let instant = NaN;
  let iso = '';
  for (let i = 0; i < events.length; i++) {
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    const e = events[i]!;
    if (e.aggregateType !== LEAD_AGGREGATE_TYPE) throw new TypeError(`Not a lead event: ${e.aggregateType}`);
    // Every event of a batch happens at the same instant: formatted once.
    if (e.occurredAt.getTime() !== instant) {
      instant = e.occurredAt.getTime();
      iso = e.occurredAt.toISOString();
    }
    out.add(`${e.eventId}\t${LEAD_AGGREGATE_TYPE}\t${e.aggregateId}\t${e.aggregateVersion}\t${e.eventType}\t${e.schemaVersion}\t${copyText(e.brandId)}\t${copyJson(e.data)}${fixed}${iso}\n`);
  }
  return out.done();
}
