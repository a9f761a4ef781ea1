import type { Container } from 'inversify';
import type { QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { CAMPAIGN_STATS_READ_MODEL } from './application/campaign-stats-read-model.js';
import { GetCampaignReport, GetCampaignReportHandler } from './application/get-campaign-report.js';
import { GetCampaignStats, GetCampaignStatsHandler } from './application/get-campaign-stats.js';
import { PgCampaignStatsReadModel } from './infrastructure/pg-campaign-stats.read-model.js';

/** Wires the reporting module's read side; the projections are started by the worker (startProjections). */
export function registerReporting(container: Container, queries: QueryBus): void {
  container.bind(CAMPAIGN_STATS_READ_MODEL).toDynamicValue((ctx) => new PgCampaignStatsReadModel(ctx.get(Database))).inSingletonScope();
  queries.register(GetCampaignStats, GetCampaignStatsHandler);
  queries.register(GetCampaignReport, GetCampaignReportHandler);
}
