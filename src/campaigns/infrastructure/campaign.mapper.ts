import type { CampaignState } from '../domain/campaign-state.js';
import type { CampaignRow } from './campaign.schema.js';

/** Row → snapshot. The row was written from a valid aggregate, so it is trusted as is. */
export function toCampaignState(row: CampaignRow): CampaignState {
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    description: row.description,
    type: row.type as CampaignState['type'],
    objective: row.objective as CampaignState['objective'],
    channel: row.channel as CampaignState['channel'],
    status: row.status as CampaignState['status'],
    schedule: row.schedule_start_at ? { startAt: row.schedule_start_at, endAt: row.schedule_end_at } : null,
    callingWindow: row.calling_window as CampaignState['callingWindow'],
    retryPolicy: row.retry_policy as unknown as CampaignState['retryPolicy'],
    budget: row.budget,
    maxPerDay: row.max_per_day,
    priority: row.priority,
    scriptTemplate: row.script_template,
    senderIds: row.sender_ids,
    metrics: row.metrics as unknown as CampaignState['metrics'],
    cancelReason: row.cancel_reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Snapshot → row values. */
export function toCampaignRow(s: CampaignState): CampaignRow {
  return {
    id: s.id,
    brand_id: s.brandId,
    name: s.name,
    description: s.description,
    type: s.type,
    objective: s.objective,
    channel: s.channel,
    status: s.status,
    schedule_start_at: s.schedule?.startAt ?? null,
    schedule_end_at: s.schedule?.endAt ?? null,
    calling_window: s.callingWindow as unknown as Record<string, unknown> | null,
    retry_policy: s.retryPolicy as unknown as Record<string, unknown>,
    budget: s.budget,
    max_per_day: s.maxPerDay,
    priority: s.priority,
    script_template: s.scriptTemplate,
    sender_ids: s.senderIds && [...s.senderIds],
    metrics: s.metrics as unknown as Record<string, unknown>,
    cancel_reason: s.cancelReason,
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}
