import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventHandler } from '../../../seedwork/infrastructure/messaging/inbox.js';
import { evolveCampaignStats } from '../application/campaign-stats.js';
import { fromRow, STATS_TABLE, toValues, upsertOne, type CampaignStatsRow } from './campaign-stats.table.js';

/** The projection's name: inbox consumer, subscription, checkpoint and lease. */
export const CAMPAIGN_METRICS = 'campaign-metrics';

const LOAD = prepared('campaign_stats_load', `SELECT * FROM ${STATS_TABLE} WHERE campaign_id = $1 FOR UPDATE`);
const SAVE = prepared('campaign_stats_save', upsertOne(STATS_TABLE));

/** An event that came before one of its predecessors (a nacked message redelivered late). */
export class EventOutOfOrder extends Error {
  constructor(aggregateId: string, version: number, expected: number) {
    super(`campaign ${aggregateId}: version ${version} arrived before version ${expected}; retried later`);
  }
}

/**
 * Applies campaign events to `campaign_stats` in the caller's transaction (the consumer's, with
 * the inbox row). The row lock serialises two consumers on one campaign; the version check makes
 * each version count once and in order even when Key_Shared's ordering is broken by a redelivery:
 * a version already applied is skipped, one that comes too early fails and is redelivered.
 */
export function campaignMetricsHandler(db: Database): EventHandler {
  return async (event) => {
    if (event.aggregateType !== 'Campaign') return;
    const [row] = await db.query<CampaignStatsRow>(LOAD, [event.aggregateId]);
    const result = evolveCampaignStats(row && fromRow(row), event);
    if (result.outcome === 'gap') throw new EventOutOfOrder(event.aggregateId, event.aggregateVersion, result.expected);
    if (result.outcome === 'applied') await db.execute(SAVE, toValues(result.state));
  };
}
