import type pg from 'pg';

export interface Difference {
  readonly campaignId: string;
  /**
   * `value`: both hold the campaign at the same version but disagree; `missing-in-rebuild` /
   * `rebuild-behind`: the source never delivered what the live table applied; `missing-in-live` /
   * `live-behind`: the live table lacks versions it was given time to apply.
   */
  readonly kind: 'value' | 'missing-in-rebuild' | 'rebuild-behind' | 'missing-in-live' | 'live-behind';
  readonly columns: ReadonlyArray<{ readonly column: string; readonly live: unknown; readonly rebuilt: unknown }>;
}

export interface Comparison {
  /** Campaigns held at the same version by both tables, and so compared column by column. */
  readonly compared: number;
  /** Campaigns the rebuild holds at a later version than the live table, from events too recent for it to have applied. */
  readonly ahead: number;
  readonly differenceCount: number;
  /** The first differences found, by campaign id. */
  readonly differences: readonly Difference[];
}

const REPORTED = 100;

type Row = Record<string, unknown> & { version: number };

function columnDiffs(live: Row | null, rebuilt: Row | null): Difference['columns'] {
  const names = Object.keys(live ?? rebuilt ?? {});
  return names.filter((name) => JSON.stringify(live?.[name]) !== JSON.stringify(rebuilt?.[name]))
    .map((column) => ({ column, live: live?.[column] ?? null, rebuilt: rebuilt?.[column] ?? null }));
}

function classify(live: Row | null, rebuilt: Row | null, expected: number): Difference['kind'] | 'ahead' {
  if (rebuilt === null) return 'missing-in-rebuild';
  if (live === null) return expected > 0 ? 'missing-in-live' : 'ahead';
  if (rebuilt.version > live.version) return expected > live.version ? 'live-behind' : 'ahead';
  return rebuilt.version < live.version ? 'rebuild-behind' : 'value';
}

/**
 * Compares two tables of the same shape row by row in the database (a full join on the key,
 * rows compared as JSON), and classifies each disagreement. `expected`: the versions the live
 * table was waited for, so whatever it lacks below them is a difference, not lag.
 */
export async function compareTables(client: pg.ClientBase, liveTable: string, rebuiltTable: string, expected: ReadonlyMap<string, number>): Promise<Comparison> {
  const { rows: [counts] } = await client.query<{ compared: number }>(
    `SELECT count(*)::int AS compared FROM ${liveTable} l JOIN ${rebuiltTable} r USING (campaign_id) WHERE l.version = r.version`,
  );
  const { rows } = await client.query<{ campaign_id: string; live: Row | null; rebuilt: Row | null }>(
    `SELECT coalesce(l.campaign_id, r.campaign_id) AS campaign_id, to_jsonb(l) AS live, to_jsonb(r) AS rebuilt
       FROM ${liveTable} l FULL JOIN ${rebuiltTable} r ON r.campaign_id = l.campaign_id
      WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)
      ORDER BY 1`,
  );
  let ahead = 0;
  const differences: Difference[] = [];
  for (const { campaign_id: campaignId, live, rebuilt } of rows) {
    const kind = classify(live, rebuilt, expected.get(campaignId) ?? 0);
    if (kind === 'ahead') ahead++;
    else differences.push({ campaignId, kind, columns: columnDiffs(live, rebuilt) });
  }
  return { compared: counts!.compared, ahead, differenceCount: differences.length, differences: differences.slice(0, REPORTED) };
}
