import { leadSnapshotJson, type ConsentJson } from '../domain/lead-events.js';
import type { CustomFieldValue, LeadStage, LeadState, LeadTreatment } from '../domain/lead-state.js';

/** The lead as API.md represents it (JSON-ready), in its field order. */
export interface LeadView {
  id: string;
  brandId: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  timezone: string | null;
  region: string | null;
  tags: string[];
  customFields: Record<string, CustomFieldValue>;
  score: number;
  stage: LeadStage;
  stageEnteredAt: string;
  assignedTo: string | null;
  treatment: LeadTreatment;
  nextActionAt: string | null;
  notes: string;
  consent: ConsentJson;
  lastContactedAt: string | null;
  interactions: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Maps a lead snapshot to its API representation (the same values LeadCreated carries). */
export function toLeadView(state: LeadState): LeadView {
  const s = leadSnapshotJson(state);
  return {
    id: s.id,
    brandId: s.brandId,
    firstName: s.firstName,
    lastName: s.lastName,
    phone: s.phone,
    email: s.email,
    timezone: s.timezone,
    region: s.region,
    tags: s.tags,
    customFields: s.customFields,
    score: s.score,
    stage: s.stage,
    stageEnteredAt: s.stageEnteredAt,
    assignedTo: s.assignedTo,
    treatment: s.treatment,
    nextActionAt: s.nextActionAt,
    notes: s.notes,
    consent: s.consent,
    lastContactedAt: s.lastContactedAt,
    interactions: s.interactions,
    version: state.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
