import type { CampaignState } from '../domain/campaign-state.js';

/** The campaign as API.md represents it (JSON-ready). */
export interface CampaignView {
  id: string;
  brandId: string;
  name: string;
  description: string;
  type: CampaignState['type'];
  objective: CampaignState['objective'];
  channel: CampaignState['channel'];
  status: CampaignState['status'];
  schedule: { startAt: string; endAt: string | null } | null;
  callingWindow: CampaignState['callingWindow'];
  retryPolicy: CampaignState['retryPolicy'];
  budget: CampaignState['budget'];
  maxPerDay: number | null;
  priority: number;
  scriptTemplate: string | null;
  senderIds: readonly string[] | null;
  metrics: CampaignState['metrics'];
  cancelReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Maps a campaign snapshot to its API representation. */
export function toCampaignView(s: CampaignState): CampaignView {
  return {
    id: s.id,
    brandId: s.brandId,
    name: s.name,
    description: s.description,
    type: s.type,
    objective: s.objective,
    channel: s.channel,
    status: s.status,
    schedule: s.schedule && { startAt: s.schedule.startAt.toISOString(), endAt: s.schedule.endAt?.toISOString() ?? null },
    callingWindow: s.callingWindow,
    retryPolicy: s.retryPolicy,
    budget: s.budget,
    maxPerDay: s.maxPerDay,
    priority: s.priority,
    scriptTemplate: s.scriptTemplate,
    senderIds: s.senderIds,
    metrics: s.metrics,
    cancelReason: s.cancelReason,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
