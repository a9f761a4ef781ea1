import { eventUpcasters } from '../../../src/app/event-upcasters.js';
import { rebuildProjection, type RebuildOptions, type RebuildResult } from '../../../src/reporting/index.js';
import { aCampaign, giveAudience } from '../../support/campaign-requests.js';
import { startReportingApp, type ReportingFixture } from '../../support/reporting-fixture.js';

// The live projection is fed through Pulsar (relay → topic → Key_Shared consumer), so the same
// history can be replayed from the log and from the topic and compared with what it built.

const CAMPAIGNS = 30;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('replaying the campaign metrics projection', () => {
  let f: ReportingFixture;
  let ids: string[] = [];
  const snapshot = async () => f.db.query(`SELECT * FROM campaign_stats ORDER BY campaign_id`);
  const rebuild = (source: 'log' | 'pulsar', extra: Partial<RebuildOptions> = {}): Promise<RebuildResult> => rebuildProjection({
    projection: 'campaign-metrics', databaseUrl: f.t.database.url, upcasters: eventUpcasters,
    source: source === 'log' ? { kind: 'log' } : { kind: 'pulsar', transport: f.pulsar!.transport, adminUrl: f.pulsar!.config.webServiceUrl, topics: f.pulsar!.namespace },
    ...extra,
  });
  const campaignEvents = async () => (await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_type = 'Campaign'`))[0]!.n;

  /** One campaign through random legal moves on the shared test clock. */
  async function randomLifecycle(next: () => number): Promise<string> {
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await f.api(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const { id } = await ok('POST', '/api/v1/campaigns', aCampaign({ name: `replay ${next()}` }));
    const path = `/api/v1/campaigns/${id}`;
    if (next() < 0.15) {
      await ok('DELETE', path);
      return id;
    }
    await giveAudience(f.t, f.api, id, 'acme');
    if (next() < 0.2) {
      await ok('POST', `${path}/cancel`, { reason: 'changed plans' });
      return id;
    }
    await ok('POST', `${path}/activate`);
    for (let i = Math.floor(next() * 4); i > 0; i--) {
      f.t.clock.advance(Math.floor(next() * 60_000));
      await ok('POST', `${path}/metrics`, { salesCount: { increment: 1 }, salesAmount: { increment: '9.99' } });
      await ok('POST', `${path}/pause`);
      f.t.clock.advance(Math.floor(next() * 60_000));
      await ok('POST', `${path}/resume`);
    }
    if (next() < 0.7) await ok('POST', `${path}/finish`);
    return id;
  }

  async function lifecycles(count: number, seed: number): Promise<string[]> {
    const next = random(seed);
    const created: string[] = [];
    for (let i = 0; i < count; i += 6) created.push(...await Promise.all(Array.from({ length: Math.min(6, count - i) }, () => randomLifecycle(next))));
    return created;
  }

  beforeAll(async () => {
    f = await startReportingApp('pulsar', 'replay');
    ids = await lifecycles(CAMPAIGNS, 7);
    await f.caughtUp();
  }, 120_000);
  afterAll(async () => { await f?.close(); });

  it.each(['log', 'pulsar'] as const)('from the %s: identical to the live projection, swapped in, and the live feed carries on', async (source) => {
    const before = await snapshot();
    const result = await rebuild(source);
    expect(result).toMatchObject({
      source, consistent: true, swapped: true, differenceCount: 0, differences: [], compared: ids.length, ahead: 0, gaps: 0,
      campaigns: ids.length, events: await campaignEvents(),
    });
    expect(await snapshot()).toEqual(before);
    const [{ n }] = await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'campaign_stats_rebuild'`);
    expect(n).toBe(0);
    // The live consumer writes into the swapped-in table.
    const [more] = await lifecycles(1, 99);
    ids.push(more!);
    await f.caughtUp();
  });

  it('while campaigns keep changing: catches up to the live projection under its lock and still agrees', async () => {
    let writing = true;
    const written = ids.length;
    const writer = (async () => {
      for (let seed = 1000; writing; seed++) ids.push(...await lifecycles(2, seed));
    })();
    try {
      for (const source of ['log', 'pulsar'] as const) {
        const result = await rebuild(source);
        expect({ source, consistent: result.consistent, differences: result.differences, swapped: result.swapped }).toEqual({ source, consistent: true, differences: [], swapped: true });
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(ids.length).toBeGreaterThan(written + 2); // campaigns did change during the rebuilds
    await f.caughtUp();
    const quiet = await rebuild('log', { swap: 'never' });
    expect(quiet).toMatchObject({ consistent: true, ahead: 0, compared: ids.length, swapped: false });
  }, 120_000);

  it('reports a tampered live projection row by row, keeps it unless forced, and repairs it when forced', async () => {
    const [tampered, lost] = ids;
    await f.db.execute(`UPDATE campaign_stats SET pauses = pauses + 5 WHERE campaign_id = $1`, [tampered]);
    await f.db.execute(`DELETE FROM campaign_stats WHERE campaign_id = $1`, [lost]);
    const broken = await snapshot();

    const checked = await rebuild('log', { catchUpTimeoutMs: 500 });
    expect(checked).toMatchObject({ consistent: false, swapped: false, differenceCount: 2 });
    const byId = new Map(checked.differences.map((d) => [d.campaignId, d]));
    expect(byId.get(tampered!)).toEqual({ campaignId: tampered, kind: 'value', columns: [{ column: 'pauses', live: expect.any(Number), rebuilt: expect.any(Number) }] });
    const pauses = byId.get(tampered!)!.columns[0]!;
    expect(Number(pauses.live) - Number(pauses.rebuilt)).toBe(5);
    expect(byId.get(lost!)).toMatchObject({ campaignId: lost, kind: 'missing-in-live' });
    expect(await snapshot()).toEqual(broken);
    const [{ n }] = await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM campaign_stats_rebuild`);
    expect(n).toBe(ids.length); // kept for inspection

    expect(await rebuild('pulsar', { swap: 'always', catchUpTimeoutMs: 500 })).toMatchObject({ consistent: false, swapped: true, differenceCount: 2 });
    expect(await rebuild('log')).toMatchObject({ consistent: true, swapped: true, compared: ids.length });
  }, 60_000);
});
