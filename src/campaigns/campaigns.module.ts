import type { Container } from 'inversify';
import type { CommandBus, QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { CAMPAIGN_REPOSITORY } from './domain/campaign-repository.js';
import { CAMPAIGN_READ_MODEL } from './application/campaign-read-model.js';
import { CampaignWriter } from './application/campaign-writer.js';
import { CampaignScheduler } from './application/campaign-scheduler.js';
import { CreateCampaign, CreateCampaignHandler } from './application/create-campaign.js';
import { UpdateCampaign, UpdateCampaignHandler } from './application/update-campaign.js';
import { DeleteCampaign, DeleteCampaignHandler } from './application/delete-campaign.js';
import { ScheduleCampaign, ScheduleCampaignHandler } from './application/schedule-campaign.js';
import { ChangeCampaignStatus, ChangeCampaignStatusHandler } from './application/change-campaign-status.js';
import { ReportCampaignMetrics, ReportCampaignMetricsHandler } from './application/report-campaign-metrics.js';
import { GetCampaign, GetCampaignHandler } from './application/get-campaign.js';
import { ListCampaigns, ListCampaignsHandler } from './application/list-campaigns.js';
import { GetCampaignEvents, GetCampaignEventsHandler } from './application/get-campaign-events.js';
import { AddCampaignAudience, AddCampaignAudienceHandler } from './application/add-campaign-audience.js';
import { RemoveCampaignAudienceMember, RemoveCampaignAudienceMemberHandler } from './application/remove-campaign-audience-member.js';
import { ListCampaignAudience, ListCampaignAudienceHandler } from './application/list-campaign-audience.js';
import { TypeOrmCampaignRepository } from './infrastructure/typeorm-campaign.repository.js';
import { TypeOrmCampaignReadModel } from './infrastructure/typeorm-campaign.read-model.js';

/**
 * Wires the campaigns module: its ports to PostgreSQL, its use cases to the buses. The audience
 * use cases need CAMPAIGN_AUDIENCE, which the module keeping audiences binds (audience's registerSegments).
 */
export function registerCampaigns(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(CAMPAIGN_REPOSITORY).toDynamicValue((ctx) => new TypeOrmCampaignRepository(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(CAMPAIGN_READ_MODEL).toDynamicValue((ctx) => new TypeOrmCampaignReadModel(ctx.get(Database))).inSingletonScope();
  container.bind(CampaignWriter).toSelf().inSingletonScope();
  container.bind(CampaignScheduler).toSelf().inSingletonScope();

  commands.register(CreateCampaign, CreateCampaignHandler);
  commands.register(UpdateCampaign, UpdateCampaignHandler);
  commands.register(DeleteCampaign, DeleteCampaignHandler);
  commands.register(ScheduleCampaign, ScheduleCampaignHandler);
  commands.register(ChangeCampaignStatus, ChangeCampaignStatusHandler);
  commands.register(ReportCampaignMetrics, ReportCampaignMetricsHandler);
  commands.register(AddCampaignAudience, AddCampaignAudienceHandler);
  commands.register(RemoveCampaignAudienceMember, RemoveCampaignAudienceMemberHandler);
  queries.register(GetCampaign, GetCampaignHandler);
  queries.register(ListCampaigns, ListCampaignsHandler);
  queries.register(GetCampaignEvents, GetCampaignEventsHandler);
  queries.register(ListCampaignAudience, ListCampaignAudienceHandler);
}
