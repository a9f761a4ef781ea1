// What other modules and the composition root may use from campaigns.
export { registerCampaigns } from './campaigns.module.js';
export { campaignRoutes } from './http/campaign.routes.js';
export { CampaignScheduler } from './application/campaign-scheduler.js';
export { CAMPAIGN_CHANNELS, type CampaignChannel } from './domain/campaign-state.js';
