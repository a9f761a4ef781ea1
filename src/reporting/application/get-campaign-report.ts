import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign-stats.js';
import { CAMPAIGN_STATS_READ_MODEL, type BrandStatusCounts, type CampaignStatsReadModel } from './campaign-stats-read-model.js';

export interface StatusCountsView {
  /** Campaigns that exist (deleted drafts excluded). */
  total: number;
  byStatus: Record<CampaignStatus, number>;
  deleted: number;
}

export interface CampaignReport {
  items: Array<{ brandId: string } & StatusCountsView>;
  totals: StatusCountsView;
}

export class GetCampaignReport extends Query<CampaignReport> {
  constructor(context: ExecutionContext, readonly brandId?: string) {
    super(context);
  }
}

const none = (): Record<CampaignStatus, number> => Object.fromEntries(CAMPAIGN_STATUSES.map((s) => [s, 0])) as Record<CampaignStatus, number>;

function view(byStatus: Readonly<Record<CampaignStatus, number>>, deleted: number): StatusCountsView {
  return { total: CAMPAIGN_STATUSES.reduce((sum, s) => sum + byStatus[s], 0), byStatus: { ...byStatus }, deleted };
}

/** Campaign counts per status for each brand the caller may see, and their totals. */
@injectable()
export class GetCampaignReportHandler implements Handler<GetCampaignReport, CampaignReport> {
  constructor(@inject(CAMPAIGN_STATS_READ_MODEL) private readonly stats: CampaignStatsReadModel) {}

  async execute({ context, brandId }: GetCampaignReport): Promise<CampaignReport> {
    const brands: BrandStatusCounts[] = await this.stats.countsByBrand(brandScopeOf(context.actor), brandId);
    const totals = none();
    for (const brand of brands) for (const s of CAMPAIGN_STATUSES) totals[s] += brand.byStatus[s];
    return {
      items: brands.map((brand) => ({ brandId: brand.brandId, ...view(brand.byStatus, brand.deleted) })),
      totals: view(totals, brands.reduce((sum, brand) => sum + brand.deleted, 0)),
    };
  }
}
