// What other modules and the composition root may use from campaigns.
export { registerCampaigns } from './campaigns.module.js';
export { campaignRoutes } from './http/campaign.routes.js';
export { CampaignScheduler } from './application/campaign-scheduler.js';
// Read by modules whose resources hang off a campaign (its deliveries, its calls): 404 exactly when it does.
export { GetCampaign } from './application/get-campaign.js';
export { campaignEventUpcasters } from './infrastructure/campaign-event-upcasters.js';
export { CAMPAIGN_CHANNELS, type CampaignChannel } from './domain/campaign-state.js';

// The audience port the audience module implements (types and token only; it adds snapshots in the campaign's unit of work).
export {
  AUDIENCE_MEMBER_STATUSES, CAMPAIGN_AUDIENCE,
  type AudienceAddition, type AudienceAdditionRequest, type AudienceCursor, type AudienceMember, type AudienceMemberStatus,
  type AudienceRemoval, type AudienceSource, type CampaignAudience,
} from './application/campaign-audience.js';
export type { AudienceSourceJson } from './domain/campaign-events.js';
