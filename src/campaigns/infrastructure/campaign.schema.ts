import { EntitySchema } from 'typeorm';

/** A `campaigns` row as PostgreSQL returns it. */
export interface CampaignRow {
  id: string;
  brand_id: string;
  name: string;
  description: string;
  type: string;
  objective: string;
  channel: string;
  status: string;
  schedule_start_at: Date | null;
  schedule_end_at: Date | null;
  calling_window: Record<string, unknown> | null;
  retry_policy: Record<string, unknown>;
  /** `{amount, currency}` exactly as the domain formatted it (decimal string, never a float). */
  budget: { amount: string; currency: string } | null;
  max_per_day: number | null;
  priority: number;
  script_template: string | null;
  sender_ids: string[] | null;
  metrics: Record<string, unknown>;
  cancel_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** TypeORM mapping of `campaigns` (the table itself is created by migrations, never synchronized). */
export const CampaignSchema = new EntitySchema<CampaignRow>({
  name: 'Campaign',
  tableName: 'campaigns',
  columns: {
    id: { type: 'uuid', primary: true },
    brand_id: { type: 'text' },
    name: { type: 'text' },
    description: { type: 'text', default: '' },
    type: { type: 'text' },
    objective: { type: 'text' },
    channel: { type: 'text' },
    status: { type: 'text' },
    schedule_start_at: { type: 'timestamptz', nullable: true },
    schedule_end_at: { type: 'timestamptz', nullable: true },
    calling_window: { type: 'jsonb', nullable: true },
    retry_policy: { type: 'jsonb' },
    budget: { type: 'jsonb', nullable: true },
    max_per_day: { type: 'int', nullable: true },
    priority: { type: 'int' },
    script_template: { type: 'text', nullable: true },
    sender_ids: { type: 'uuid', array: true, nullable: true },
    metrics: { type: 'jsonb' },
    cancel_reason: { type: 'text', nullable: true },
    version: { type: 'int' },
    created_at: { type: 'timestamptz' },
    updated_at: { type: 'timestamptz' },
  },
  // Declared so TypeORM knows them; created by the migration (sort orders and partial
  // predicates are beyond what the mapping can express), hence synchronize: false.
  indices: [
    { name: 'campaigns_brand_created_idx', columns: ['brand_id', 'created_at', 'id'], synchronize: false },
    { name: 'campaigns_created_idx', columns: ['created_at', 'id'], synchronize: false },
    { name: 'campaigns_brand_status_idx', columns: ['brand_id', 'status'], synchronize: false },
    { name: 'campaigns_due_start_idx', columns: ['schedule_start_at'], synchronize: false },
    { name: 'campaigns_due_end_idx', columns: ['schedule_end_at'], synchronize: false },
  ],
});

/** Column list in table order, for hand-written INSERTs/UPDATEs. */
export const CAMPAIGN_COLUMNS = Object.keys(CampaignSchema.options.columns) as (keyof CampaignRow)[];
