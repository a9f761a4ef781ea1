import pg from 'pg';
import { topicForAggregate, type TopicNamespace } from '../../../seedwork/infrastructure/messaging/event-envelope.js';
import type { MessageTransport } from '../../../seedwork/infrastructure/messaging/message-transport.js';
import { LogReplaySource, TopicReplaySource, type ReplaySource } from '../../../seedwork/infrastructure/messaging/replay-source.js';
import type { UpcasterRegistry } from '../../../seedwork/infrastructure/messaging/upcasting.js';
import { CAMPAIGN_METRICS } from './campaign-metrics-projection.js';
import { CampaignStatsFold } from './campaign-stats-fold.js';
import { REBUILD_TABLE, STATS_TABLE, toColumns, upsertMany } from './campaign-stats.table.js';
import { compareTables, type Comparison } from './compare-tables.js';

export type RebuildSource =
  | { readonly kind: 'log' }
  | { readonly kind: 'pulsar'; readonly transport: MessageTransport; readonly adminUrl: string; readonly topics: TopicNamespace };

export interface RebuildProgress {
  /** Events applied to the rebuilt projection so far. */
  readonly events: number;
  /** What the source holds, as far as it can tell (the topic counts re-publications too). */
  readonly total: number | undefined;
}

export interface RebuildOptions {
  readonly projection: typeof CAMPAIGN_METRICS;
  readonly databaseUrl: string;
  readonly source: RebuildSource;
  readonly upcasters: UpcasterRegistry;
  /**
   * `if-consistent` (default): swap the rebuilt tables in only when they equal the live ones;
   * `always`: swap anyway (repairs a live projection known to be wrong); `never`: compare only.
   */
  readonly swap?: 'if-consistent' | 'always' | 'never';
  /**
   * How long to wait for the live projection to apply what the rebuild read (default 30 s), and
   * for the source to deliver what the live one applied meanwhile (at most 5 s: under the lock).
   */
  readonly catchUpTimeoutMs?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult extends Comparison {
  readonly projection: string;
  readonly source: RebuildSource['kind'];
  /** Events applied to the rebuilt projection. */
  readonly events: number;
  /** Deliveries of versions already applied (re-publications on the topic). */
  readonly duplicates: number;
  /** Events skipped because a predecessor had not arrived: their campaigns show as behind. */
  readonly gaps: number;
  readonly campaigns: number;
  /** Reading, projecting and writing the fresh table; the comparison and swap excluded. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly consistent: boolean;
  readonly swapped: boolean;
}

const FLUSH_ROWS = 5_000;
/** Bound of the catch-up inside the lock: readers of the live table wait meanwhile. */
const LOCKED_CATCH_UP_MS = 5_000;

async function flush(client: pg.ClientBase, fold: CampaignStatsFold): Promise<void> {
  const rows = fold.takeDirty();
  for (let i = 0; i < rows.length; i += FLUSH_ROWS) await client.query(upsertMany(REBUILD_TABLE), toColumns(rows.slice(i, i + FLUSH_ROWS)));
}

/**
 * Waits (bounded) until the live table holds every campaign at least at the version the rebuild
 * reached: it is fed concurrently and may lag by a moment.
 */
async function waitForLive(client: pg.ClientBase, expected: ReadonlyMap<string, number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows: [{ behind }] } = await client.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM unnest($1::uuid[], $2::int[]) AS t(id, version)
         LEFT JOIN ${STATS_TABLE} s ON s.campaign_id = t.id WHERE coalesce(s.version, 0) < t.version`,
      [[...expected.keys()], [...expected.values()]],
    );
    if (behind === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The live versions the rebuild has not reached: what the source must still deliver. */
async function liveAhead(client: pg.ClientBase, fold: CampaignStatsFold): Promise<Map<string, number>> {
  const { rows } = await client.query<{ campaign_id: string; version: number }>(`SELECT campaign_id, version FROM ${STATS_TABLE}`);
  return new Map(rows.filter((row) => row.version > fold.versionOf(row.campaign_id)).map((row) => [row.campaign_id, row.version]));
}

/** Replaces the live table by the rebuilt one; its indexes (and primary key) get the live names back. */
async function swapTables(client: pg.ClientBase): Promise<void> {
  await client.query(`DROP TABLE ${STATS_TABLE}`);
  await client.query(`ALTER TABLE ${REBUILD_TABLE} RENAME TO ${STATS_TABLE}`);
  const { rows } = await client.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname LIKE $2`, [STATS_TABLE, `${REBUILD_TABLE}%`],
  );
  for (const { indexname } of rows) {
    await client.query(`ALTER INDEX ${indexname} RENAME TO ${STATS_TABLE}${indexname.slice(REBUILD_TABLE.length)}`);
  }
}

function replaySource(options: RebuildOptions, client: pg.ClientBase, fold: CampaignStatsFold): ReplaySource {
  const { source, upcasters } = options;
  if (source.kind === 'log') return new LogReplaySource(client, 'Campaign', upcasters, fold.apply);
  return new TopicReplaySource({ transport: source.transport, adminUrl: source.adminUrl, topic: topicForAggregate('Campaign', source.topics), upcasters }, fold.apply);
}

/**
 * Rebuilds the campaign metrics projection from the event log or from the campaign topic's
 * earliest message into a fresh table, compares it row by row with the live one, and swaps it
 * in atomically. The live projection keeps being fed meanwhile: once the source is read, the
 * rebuild waits for the live table to reach the same versions; then a short final step locks it,
 * catches the rebuild up to whatever the live one applied in between, compares and renames. The
 * rebuild may end ahead on campaigns changed in that window (counted in `ahead`): after the swap
 * the live feed finds those versions applied and skips them.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: `replay:${options.projection}` });
  await client.connect();
  try {
    const { rows: [lease] } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('projection-rebuild'), hashtext($1)) AS ok`, [options.projection]);
    if (!lease!.ok) throw new Error(`another rebuild of ${options.projection} is running`);
    await client.query(`DROP TABLE IF EXISTS ${REBUILD_TABLE}`);
    await client.query(`CREATE TABLE ${REBUILD_TABLE} (LIKE ${STATS_TABLE} INCLUDING ALL)`);

    let total: number | undefined;
    const fold = new CampaignStatsFold((events) => options.onProgress?.({ events, total }));
    const source = replaySource(options, client, fold);
    try {
      total = await source.estimate();
      const started = performance.now();
      await source.readToEnd();
      await flush(client, fold);
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ events: fold.applied, total });
      const expected = fold.versions();
      const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 30_000;
      await waitForLive(client, expected, catchUpTimeoutMs);

      await client.query('BEGIN');
      try {
        // Readers and live writers wait from here until COMMIT: a short step.
        await client.query(`LOCK TABLE ${STATS_TABLE} IN ACCESS EXCLUSIVE MODE`);
        await source.readUpTo(await liveAhead(client, fold), Math.min(catchUpTimeoutMs, LOCKED_CATCH_UP_MS));
        await source.close();
        await flush(client, fold);
        const comparison = await compareTables(client, STATS_TABLE, REBUILD_TABLE, expected);
        const consistent = comparison.differenceCount === 0;
        const mode = options.swap ?? 'if-consistent';
        const swapped = mode === 'always' || (mode === 'if-consistent' && consistent);
        if (swapped) await swapTables(client);
        // Kept when it disagrees, for inspection; otherwise nothing is left behind.
        else if (consistent) await client.query(`DROP TABLE ${REBUILD_TABLE}`);
        await client.query('COMMIT');
        return {
          projection: options.projection, source: source.kind, events: fold.applied, duplicates: fold.duplicates, gaps: fold.gaps,
          campaigns: fold.campaigns, seconds, eventsPerSecond: seconds > 0 ? fold.applied / seconds : 0, ...comparison, consistent, swapped,
        };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await source.close();
    }
  } finally {
    await client.end();
  }
}
