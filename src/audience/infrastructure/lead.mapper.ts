import type { LeadState } from '../domain/lead-state.js';
import { inKeyOrder } from '../domain/value-objects/custom-fields.js';
import type { LeadRow } from './lead.schema.js';

/** Row → snapshot. The row was written from a valid aggregate, so it is trusted as is. */
export function toLeadState(row: LeadRow): LeadState {
  return {
    id: row.id,
    brandId: row.brand_id,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    email: row.email,
    timezone: row.timezone,
    region: row.region,
    tags: row.tags,
    // jsonb stores keys in its own order (shortest first); the domain compares them in key order.
    customFields: inKeyOrder(row.custom_fields),
    score: row.score,
    stage: row.stage as LeadState['stage'],
    stageEnteredAt: row.stage_entered_at,
    assignedTo: row.assigned_to,
    treatment: row.treatment as LeadState['treatment'],
    nextActionAt: row.next_action_at,
    notes: row.notes,
    consent: {
      doNotContact: row.do_not_contact,
      optedOutChannels: row.opted_out_channels as LeadState['consent']['optedOutChannels'],
      reason: row.consent_reason,
      updatedAt: row.consent_updated_at,
    },
    lastContactedAt: row.last_contacted_at,
    interactions: row.interactions,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Snapshot → row values. */
export function toLeadRow(s: LeadState): LeadRow {
  return {
    id: s.id,
    brand_id: s.brandId,
    first_name: s.firstName,
    last_name: s.lastName,
    phone: s.phone,
    email: s.email,
    timezone: s.timezone,
    region: s.region,
    tags: [...s.tags],
    custom_fields: { ...s.customFields },
    score: s.score,
    stage: s.stage,
    stage_entered_at: s.stageEnteredAt,
    assigned_to: s.assignedTo,
    treatment: s.treatment,
    next_action_at: s.nextActionAt,
    notes: s.notes,
    do_not_contact: s.consent.doNotContact,
    opted_out_channels: [...s.consent.optedOutChannels],
    consent_reason: s.consent.reason,
    consent_updated_at: s.consent.updatedAt,
    last_contacted_at: s.lastContactedAt,
    interactions: s.interactions,
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}
