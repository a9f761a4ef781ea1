import type { CampaignStats, CampaignStatus } from '../application/campaign-stats.js';

/** The live table; a rebuild fills `REBUILD_TABLE` and swaps it in under this name. */
export const STATS_TABLE = 'campaign_stats';
export const REBUILD_TABLE = 'campaign_stats_rebuild';

/** Columns in one fixed order, with the array type a bulk write casts each to. */
const COLUMNS = [
  ['campaign_id', 'uuid'], ['brand_id', 'text'], ['status', 'text'], ['version', 'int'], ['status_since', 'timestamptz'],
  ['created_at', 'timestamptz'], ['scheduled_at', 'timestamptz'], ['planned_start_at', 'timestamptz'], ['planned_end_at', 'timestamptz'],
  ['first_activated_at', 'timestamptz'], ['finished_at', 'timestamptz'], ['cancelled_at', 'timestamptz'], ['deleted_at', 'timestamptz'],
  ['active_ms', 'bigint'], ['paused_ms', 'bigint'], ['pauses', 'int'],
  ['sales_count', 'bigint'], ['sales_amount', 'numeric'], ['engagement', 'bigint'], ['budget_spent', 'numeric'], ['last_event_at', 'timestamptz'],
] as const;

export const COLUMN_NAMES: readonly string[] = COLUMNS.map(([name]) => name);

export interface CampaignStatsRow {
  campaign_id: string;
  brand_id: string;
  status: string;
  version: number;
  status_since: Date;
  created_at: Date;
  scheduled_at: Date | null;
  planned_start_at: Date | null;
  planned_end_at: Date | null;
  first_activated_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
  deleted_at: Date | null;
  // pg returns bigint and numeric as strings: they may exceed a double's exact range.
  active_ms: string;
  paused_ms: string;
  pauses: number;
  sales_count: string;
  sales_amount: string;
  engagement: string;
  budget_spent: string;
  last_event_at: Date;
}

const iso = (value: Date | null): string | null => value && value.toISOString();

export function fromRow(row: CampaignStatsRow): CampaignStats {
  return {
    campaignId: row.campaign_id,
    brandId: row.brand_id,
    status: row.status as CampaignStatus,
    version: row.version,
    statusSince: row.status_since.toISOString(),
    createdAt: row.created_at.toISOString(),
    scheduledAt: iso(row.scheduled_at),
    plannedStartAt: iso(row.planned_start_at),
    plannedEndAt: iso(row.planned_end_at),
    firstActivatedAt: iso(row.first_activated_at),
    finishedAt: iso(row.finished_at),
    cancelledAt: iso(row.cancelled_at),
    deletedAt: iso(row.deleted_at),
    activeMs: Number(row.active_ms),
    pausedMs: Number(row.paused_ms),
    pauses: row.pauses,
    salesCount: Number(row.sales_count),
    salesAmount: row.sales_amount,
    engagement: Number(row.engagement),
    budgetSpent: row.budget_spent,
    lastEventAt: row.last_event_at.toISOString(),
  };
}

/** Values in COLUMNS order. */
export function toValues(s: CampaignStats): unknown[] {
  return [
    s.campaignId, s.brandId, s.status, s.version, s.statusSince, s.createdAt, s.scheduledAt, s.plannedStartAt, s.plannedEndAt,
    s.firstActivatedAt, s.finishedAt, s.cancelledAt, s.deletedAt, s.activeMs, s.pausedMs, s.pauses,
    s.salesCount, s.salesAmount, s.engagement, s.budgetSpent, s.lastEventAt,
  ];
}

const UPDATE_ALL = COLUMN_NAMES.filter((c) => c !== 'campaign_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/** One row, inserted or replaced. */
export function upsertOne(table: string): string {
  return `INSERT INTO ${table} (${COLUMN_NAMES.join(', ')}) VALUES (${COLUMN_NAMES.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (campaign_id) DO UPDATE SET ${UPDATE_ALL}`;
}

/** Any number of rows in one statement: one array parameter per column, unnested into rows. */
export function upsertMany(table: string): string {
  return `INSERT INTO ${table} (${COLUMN_NAMES.join(', ')})
    SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
    ON CONFLICT (campaign_id) DO UPDATE SET ${UPDATE_ALL}`;
}

/** The column arrays upsertMany takes. */
export function toColumns(rows: readonly CampaignStats[]): unknown[][] {
  const columns: unknown[][] = COLUMNS.map(() => []);
  for (const row of rows) toValues(row).forEach((value, i) => columns[i]!.push(value));
  return columns;
}
