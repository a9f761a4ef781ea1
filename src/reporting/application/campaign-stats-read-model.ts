import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { CampaignStats, CampaignStatus } from './campaign-stats.js';

/** Campaigns of one brand per status; deleted drafts are counted apart. */
export interface BrandStatusCounts {
  readonly brandId: string;
  readonly byStatus: Readonly<Record<CampaignStatus, number>>;
  readonly deleted: number;
}

/** Read side of the campaign metrics projection. */
export interface CampaignStatsReadModel {
  findById(campaignId: string, scope: BrandScope): Promise<CampaignStats | null>;
  /** Brands in `brandId` order, only those with at least one campaign. */
  countsByBrand(scope: BrandScope, brandId?: string): Promise<BrandStatusCounts[]>;
}

export const CAMPAIGN_STATS_READ_MODEL = Symbol.for('CampaignStatsReadModel');
