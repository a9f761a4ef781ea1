import { NotFoundError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database, type PreparedSql } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { Campaign } from '../domain/campaign.js';
import type { CampaignRepository } from '../domain/campaign-repository.js';
import { toCampaignRow, toCampaignState } from './campaign.mapper.js';
import { CAMPAIGN_COLUMNS, type CampaignRow } from './campaign.schema.js';

const JSON_COLUMNS = new Set<keyof CampaignRow>(['calling_window', 'retry_policy', 'budget', 'metrics']);

function values(row: CampaignRow): unknown[] {
  return CAMPAIGN_COLUMNS.map((c) => (JSON_COLUMNS.has(c) && row[c] !== null ? JSON.stringify(row[c]) : row[c]));
}

const INSERT = `INSERT INTO campaigns (${CAMPAIGN_COLUMNS.join(', ')}) VALUES (${CAMPAIGN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING 1`;
// SET every column but id; the WHERE clause is the optimistic-concurrency check (typeorm#2848).
const UPDATE = `UPDATE campaigns SET ${CAMPAIGN_COLUMNS.map((c, i) => (c === 'id' ? null : `${c} = $${i + 1}`)).filter(Boolean).join(', ')}
  WHERE id = $1 AND version = $${CAMPAIGN_COLUMNS.length + 1} RETURNING 1`;
const SELECT = `SELECT * FROM campaigns WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`;
const SELECT_FOR_UPDATE = prepared('campaign_select_for_update', `${SELECT} FOR UPDATE`);
const SELECT_FOR_CHANGE = prepared('campaign_select_for_change', SELECT);
const DELETE = `DELETE FROM campaigns WHERE id = $1 AND version = $2 RETURNING 1`;

/**
 * Write side of campaigns on PostgreSQL: the state row and its events in one statement each time
 * (EventStore.writeWithEvents), inside the caller's unit of work. A write whose expected version
 * is gone touches no row and appends nothing: a ConcurrencyError the unit of work retries.
 */
export class TypeOrmCampaignRepository implements CampaignRepository {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  getForUpdate(id: string, scope: BrandScope): Promise<Campaign> {
    return this.load(SELECT_FOR_UPDATE, id, scope);
  }

  get(id: string, scope: BrandScope): Promise<Campaign> {
    return this.load(SELECT_FOR_CHANGE, id, scope);
  }

  add(campaign: Campaign): Promise<void> {
    return this.events.writeWithEvents({ name: 'campaign_insert', sql: INSERT, params: values(toCampaignRow(campaign.state)) }, campaign.pendingEvents);
  }

  save(campaign: Campaign): Promise<void> {
    const params = [...values(toCampaignRow(campaign.state)), campaign.expectedStoredVersion];
    return this.events.writeWithEvents({ name: 'campaign_update', sql: UPDATE, params }, campaign.pendingEvents);
  }

  remove(campaign: Campaign): Promise<void> {
    return this.events.writeWithEvents({ name: 'campaign_delete', sql: DELETE, params: [campaign.id, campaign.expectedStoredVersion] }, campaign.pendingEvents);
  }

  private async load(sql: PreparedSql, id: string, scope: BrandScope): Promise<Campaign> {
    const [row] = await this.db.query<CampaignRow>(sql, [id, scope === 'all' ? null : scope]);
    if (!row) throw new NotFoundError('Campaign', id);
    return Campaign.restore(toCampaignState(row));
  }
}
