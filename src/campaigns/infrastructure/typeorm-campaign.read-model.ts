import type { BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { CampaignCursor, CampaignListFilter, CampaignReadModel } from '../application/campaign-read-model.js';
import { toCampaignState } from './campaign.mapper.js';
import type { CampaignRow } from './campaign.schema.js';

/** `%` and `_` in the user's text are literal, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const BY_ID = prepared('campaign_by_id', `SELECT * FROM campaigns WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`);

/** Read side of campaigns on PostgreSQL. */
export class TypeOrmCampaignReadModel implements CampaignReadModel {
  constructor(private readonly db: Database) {}

  async findById(id: string, scope: BrandScope): Promise<CampaignState | null> {
    const [row] = await this.db.query<CampaignRow>(BY_ID, [id, scope === 'all' ? null : scope]);
    return row ? toCampaignState(row) : null;
  }

  async list(filter: CampaignListFilter, scope: BrandScope, limit: number, after?: CampaignCursor) {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope !== 'all') where.push(`brand_id = ANY(${param(scope)}::text[])`);
    for (const [column, value] of [['brand_id', filter.brandId], ['status', filter.status], ['type', filter.type], ['objective', filter.objective], ['channel', filter.channel]] as const) {
      if (value !== undefined) where.push(`${column} = ${param(value)}`);
    }
    // Name matches rank before description-only matches ("search in name, then description").
    let rank = '0';
    if (filter.q !== undefined) {
      const pattern = param(likePattern(filter.q));
      where.push(`(name ILIKE ${pattern} OR description ILIKE ${pattern})`);
      rank = `CASE WHEN name ILIKE ${pattern} THEN 0 ELSE 1 END`;
    }
    if (after) {
      const r = param(after.rank);
      where.push(`(${rank} > ${r} OR (${rank} = ${r} AND (created_at, id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)))`);
    }
    const rows = await this.db.query<CampaignRow & { rank: number }>(
      `SELECT *, ${rank} AS rank FROM campaigns ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY rank, created_at DESC, id DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((row) => ({
      state: toCampaignState(row),
      cursor: { rank: Number(row.rank), createdAt: row.created_at.toISOString(), id: row.id },
    }));
  }

  async dueForActivation(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      // An empty audience would be refused at every tick and, at the head of the order, would
      // starve the campaigns behind it.
      `SELECT id FROM campaigns WHERE status = 'scheduled' AND schedule_start_at <= $1 AND (metrics ->> 'totalContacts')::int > 0
        ORDER BY schedule_start_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  async dueForFinish(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM campaigns WHERE status IN ('active', 'paused') AND schedule_end_at IS NOT NULL AND schedule_end_at <= $1
        ORDER BY schedule_end_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}
