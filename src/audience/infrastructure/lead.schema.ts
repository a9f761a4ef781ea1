import { EntitySchema } from 'typeorm';

/** A `leads` row as PostgreSQL returns it. */
export interface LeadRow {
  id: string;
  brand_id: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  email: string | null;
  timezone: string | null;
  region: string | null;
  tags: string[];
  custom_fields: Record<string, string | number | boolean>;
  score: number;
  stage: string;
  stage_entered_at: Date;
  assigned_to: string | null;
  treatment: string;
  next_action_at: Date | null;
  notes: string;
  do_not_contact: boolean;
  opted_out_channels: string[];
  consent_reason: string | null;
  consent_updated_at: Date;
  last_contacted_at: Date | null;
  interactions: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** TypeORM mapping of `leads` (the table itself is created by migrations, never synchronized). */
export const LeadSchema = new EntitySchema<LeadRow>({
  name: 'Lead',
  tableName: 'leads',
  columns: {
    id: { type: 'uuid', primary: true },
    brand_id: { type: 'text' },
    first_name: { type: 'text', default: '' },
    last_name: { type: 'text', default: '' },
    phone: { type: 'text', nullable: true },
    email: { type: 'text', nullable: true },
    timezone: { type: 'text', nullable: true },
    region: { type: 'text', nullable: true },
    tags: { type: 'text', array: true, default: () => `'{}'` },
    custom_fields: { type: 'jsonb', default: () => `'{}'` },
    score: { type: 'int', default: 0 },
    stage: { type: 'text', default: 'new' },
    stage_entered_at: { type: 'timestamptz' },
    assigned_to: { type: 'text', nullable: true },
    treatment: { type: 'text' },
    next_action_at: { type: 'timestamptz', nullable: true },
    notes: { type: 'text', default: '' },
    do_not_contact: { type: 'boolean', default: false },
    opted_out_channels: { type: 'text', array: true, default: () => `'{}'` },
    consent_reason: { type: 'text', nullable: true },
    consent_updated_at: { type: 'timestamptz' },
    last_contacted_at: { type: 'timestamptz', nullable: true },
    interactions: { type: 'int', default: 0 },
    version: { type: 'int' },
    created_at: { type: 'timestamptz' },
    updated_at: { type: 'timestamptz' },
  },
  checks: [
    { name: 'leads_score_check', expression: 'score BETWEEN 0 AND 100' },
    { name: 'leads_reachable', expression: 'phone IS NOT NULL OR email IS NOT NULL' },
  ],
  // Declared so TypeORM knows them; created by the migration (partial predicates, expressions,
  // sort orders and GIN are beyond what the mapping can express), hence synchronize: false.
  indices: [
    { name: 'leads_brand_phone_key', columns: ['brand_id', 'phone'], unique: true, synchronize: false },
    { name: 'leads_brand_email_idx', columns: ['brand_id', 'email'], synchronize: false },
    { name: 'leads_brand_created_idx', columns: ['brand_id', 'created_at', 'id'], synchronize: false },
    { name: 'leads_brand_stage_score_idx', columns: ['brand_id', 'stage', 'score'], synchronize: false },
    { name: 'leads_brand_last_contacted_idx', columns: ['brand_id', 'last_contacted_at'], synchronize: false },
    { name: 'leads_tags_gin', columns: ['tags'], synchronize: false },
    { name: 'leads_custom_fields_gin', columns: ['custom_fields'], synchronize: false },
  ],
});

/** Column list in table order, for hand-written INSERTs/UPDATEs. */
export const LEAD_COLUMNS = Object.keys(LeadSchema.options.columns) as (keyof LeadRow)[];

/** The unique index behind "phone is unique per brand"; its violation is a duplicate, not a failure. */
export const BRAND_PHONE_CONSTRAINT = 'leads_brand_phone_key';
