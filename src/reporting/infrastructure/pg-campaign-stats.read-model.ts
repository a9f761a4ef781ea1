import type { BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import { CAMPAIGN_STATUSES, type CampaignStats, type CampaignStatus } from '../application/campaign-stats.js';
import type { BrandStatusCounts, CampaignStatsReadModel } from '../application/campaign-stats-read-model.js';
import { fromRow, STATS_TABLE, type CampaignStatsRow } from './campaign-stats.table.js';

const BY_ID = prepared('campaign_stats_by_id', `SELECT * FROM ${STATS_TABLE} WHERE campaign_id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`);

// An index-only scan of (brand_id, status, deleted_at): counting is cheap enough that no
// counter table (a hot row per brand under concurrent consumers) is kept.
const COUNTS = prepared('campaign_stats_counts', `SELECT brand_id, status, (deleted_at IS NOT NULL) AS deleted, count(*)::int AS n
   FROM ${STATS_TABLE}
  WHERE ($1::text[] IS NULL OR brand_id = ANY($1)) AND ($2::text IS NULL OR brand_id = $2)
  GROUP BY 1, 2, 3 ORDER BY 1`);

interface CountRow {
  brand_id: string;
  status: CampaignStatus;
  deleted: boolean;
  n: number;
}

export class PgCampaignStatsReadModel implements CampaignStatsReadModel {
  constructor(private readonly db: Database) {}

  async findById(campaignId: string, scope: BrandScope): Promise<CampaignStats | null> {
    const [row] = await this.db.query<CampaignStatsRow>(BY_ID, [campaignId, scope === 'all' ? null : scope]);
    return row ? fromRow(row) : null;
  }

  async countsByBrand(scope: BrandScope, brandId?: string): Promise<BrandStatusCounts[]> {
    const rows = await this.db.query<CountRow>(COUNTS, [scope === 'all' ? null : scope, brandId ?? null]);
    const brands = new Map<string, { byStatus: Record<CampaignStatus, number>; deleted: number }>();
    for (const row of rows) {
      let brand = brands.get(row.brand_id);
      if (!brand) {
        brand = { byStatus: Object.fromEntries(CAMPAIGN_STATUSES.map((s) => [s, 0])) as Record<CampaignStatus, number>, deleted: 0 };
        brands.set(row.brand_id, brand);
      }
      if (row.deleted) brand.deleted += row.n;
      else brand.byStatus[row.status] += row.n;
    }
    return [...brands].map(([id, counts]) => ({ brandId: id, ...counts }));
  }
}
