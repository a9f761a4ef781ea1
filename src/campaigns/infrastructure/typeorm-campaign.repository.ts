import { NotFoundError, ConcurrencyError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { Campaign } from '../domain/campaign.js';
import type { CampaignRepository } from '../domain/campaign-repository.js';
import { toCampaignRow, toCampaignState } from './campaign.mapper.js';
import { CAMPAIGN_COLUMNS, type CampaignRow } from './campaign.schema.js';

const JSON_COLUMNS = new Set<keyof CampaignRow>(['calling_window', 'retry_policy', 'budget', 'metrics']);

function values(row: CampaignRow): unknown[] {
  return CAMPAIGN_COLUMNS.map((c) => (JSON_COLUMNS.has(c) && row[c] !== null ? JSON.stringify(row[c]) : row[c]));
}

const INSERT = prepared('campaign_insert', `INSERT INTO campaigns (${CAMPAIGN_COLUMNS.join(', ')}) VALUES (${CAMPAIGN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`);
// SET every column but id; the WHERE clause is the optimistic-concurrency check (typeorm#2848).
const UPDATE = prepared('campaign_update', `UPDATE campaigns SET ${CAMPAIGN_COLUMNS.map((c, i) => (c === 'id' ? null : `${c} = $${i + 1}`)).filter(Boolean).join(', ')}
  WHERE id = $1 AND version = $${CAMPAIGN_COLUMNS.length + 1}`);
const SELECT_FOR_UPDATE = prepared('campaign_select_for_update',
  `SELECT * FROM campaigns WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);
const DELETE = prepared('campaign_delete', `DELETE FROM campaigns WHERE id = $1 AND version = $2`);

/** Write side of campaigns on PostgreSQL: state row + events in the caller's unit of work. */
export class TypeOrmCampaignRepository implements CampaignRepository {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  async getForUpdate(id: string, scope: BrandScope): Promise<Campaign> {
    const [row] = await this.db.query<CampaignRow>(SELECT_FOR_UPDATE, [id, scope === 'all' ? null : scope]);
    if (!row) throw new NotFoundError('Campaign', id);
    return Campaign.restore(toCampaignState(row));
  }

  async add(campaign: Campaign): Promise<void> {
    await this.db.execute(INSERT, values(toCampaignRow(campaign.state)));
    await this.events.append(campaign.pendingEvents);
  }

  async save(campaign: Campaign): Promise<void> {
    const changed = await this.db.execute(UPDATE, [...values(toCampaignRow(campaign.state)), campaign.expectedStoredVersion]);
    if (changed !== 1) throw new ConcurrencyError('Campaign', campaign.id);
    await this.events.append(campaign.pendingEvents);
  }

  async remove(campaign: Campaign): Promise<void> {
    const deleted = await this.db.execute(DELETE, [campaign.id, campaign.expectedStoredVersion]);
    if (deleted !== 1) throw new ConcurrencyError('Campaign', campaign.id);
    await this.events.append(campaign.pendingEvents);
  }
}
