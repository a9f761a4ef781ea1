// What other modules and the composition root may use from audience.
export { registerAudience } from './audience.module.js';
export { leadRoutes } from './http/lead.routes.js';
export { leadImportRoutes, isLeadImportUpload } from './http/lead-import.routes.js';
export { LeadImports } from './application/import-leads.js';
export { registerSegments, segmentRoutes } from './segments.module.js';

// Commands other modules send: a call summary moves stage and score, an inbound STOP opts out.
export { ChangeLeadStage } from './application/change-lead-stage.js';
export { ChangeLeadScore } from './application/change-lead-score.js';
export { ChangeLeadConsent, type ConsentChange } from './application/change-lead-consent.js';
// Read by modules whose resources hang off a lead (its calls), and before moving it.
export { GetLead } from './application/get-lead.js';
export type { LeadView } from './application/lead-view.js';

// Lead rules the CSV import (or any writer that bypasses the aggregate) must apply the same way.
export { normalisePhone, parseCountryCode, type CountryCode } from './domain/value-objects/phone.js';
export { normaliseEmail } from './domain/value-objects/email.js';
export { normaliseTimezone } from './domain/value-objects/timezone.js';
export { normaliseTags } from './domain/value-objects/tags.js';
export { normaliseCustomFields } from './domain/value-objects/custom-fields.js';
export { MAX_SCORE, MIN_SCORE, scoreValue, type ScoreChange } from './domain/value-objects/score.js';
export { contactFieldsForCreate, contactFieldsForUpdate, type LeadContactInput } from './domain/value-objects/contact-fields.js';
export { Lead, type CreateLeadInput } from './domain/lead.js';
export { DuplicateLeadPhoneError } from './domain/lead-errors.js';
export {
  CONTACT_CHANNELS, CONTACT_FIELDS, LEAD_STAGES, LEAD_TREATMENTS,
  type ContactChannel, type ContactField, type LeadContactFields, type LeadStage, type LeadState, type LeadTreatment,
} from './domain/lead-state.js';

// Event shapes, so set-based writers record exactly what the aggregate records.
export {
  LEAD_AGGREGATE_TYPE, LEAD_EVENT_SCHEMA_VERSION, LeadEventType, leadEvent, leadSnapshotJson, leadUpdatedData,
  type LeadConsentChangedData, type LeadCreatedData, type LeadEventData, type LeadUpdatedData,
} from './domain/lead-events.js';
