import { inject, injectable } from 'inversify';
import { NotFoundError, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { durationsAt, type CampaignStatus } from './campaign-stats.js';
import { CAMPAIGN_STATS_READ_MODEL, type CampaignStatsReadModel } from './campaign-stats-read-model.js';

export interface CampaignStatsView {
  campaignId: string;
  brandId: string;
  status: CampaignStatus;
  deleted: boolean;
  /** The campaign version these figures include. */
  version: number;
  createdAt: string;
  scheduledAt: string | null;
  plannedStartAt: string | null;
  plannedEndAt: string | null;
  firstActivatedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  deletedAt: string | null;
  activeSeconds: number;
  pausedSeconds: number;
  pauses: number;
  salesCount: number;
  salesAmount: string;
  engagement: number;
  budgetSpent: string;
  lastEventAt: string;
  /** The instant the durations run up to (the request's time). */
  asOf: string;
}

export class GetCampaignStats extends Query<CampaignStatsView> {
  constructor(context: ExecutionContext, readonly campaignId: string) {
    super(context);
  }
}

@injectable()
export class GetCampaignStatsHandler implements Handler<GetCampaignStats, CampaignStatsView> {
  constructor(
    @inject(CAMPAIGN_STATS_READ_MODEL) private readonly stats: CampaignStatsReadModel,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, campaignId }: GetCampaignStats): Promise<CampaignStatsView> {
    const stats = await this.stats.findById(campaignId, brandScopeOf(context.actor));
    if (!stats) throw new NotFoundError('Campaign', campaignId);
    const asOf = this.clock.now();
    const { activeMs, pausedMs } = durationsAt(stats, asOf);
    return {
      campaignId: stats.campaignId, brandId: stats.brandId, status: stats.status, deleted: stats.deletedAt !== null, version: stats.version,
      createdAt: stats.createdAt, scheduledAt: stats.scheduledAt, plannedStartAt: stats.plannedStartAt, plannedEndAt: stats.plannedEndAt,
      firstActivatedAt: stats.firstActivatedAt, finishedAt: stats.finishedAt, cancelledAt: stats.cancelledAt, deletedAt: stats.deletedAt,
      activeSeconds: activeMs / 1000, pausedSeconds: pausedMs / 1000, pauses: stats.pauses,
      salesCount: stats.salesCount, salesAmount: stats.salesAmount, engagement: stats.engagement, budgetSpent: stats.budgetSpent,
      lastEventAt: stats.lastEventAt, asOf: asOf.toISOString(),
    };
  }
}
