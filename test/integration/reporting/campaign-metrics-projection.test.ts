import { aCampaign, aSchedule, giveAudience } from '../../support/campaign-requests.js';
import { startReportingApp, type ReportingFixture } from '../../support/reporting-fixture.js';
import { client } from '../../support/test-app.js';

// A scripted lifecycle on the test clock, fed to the projection both ways the worker feeds it;
// every duration is known to the millisecond from the clock's moves.

describe.each(['log', 'pulsar'] as const)('campaign metrics projection fed from %s', (feed) => {
  let f: ReportingFixture;
  beforeAll(async () => { f = await startReportingApp(feed, `metrics-${feed}`); });
  afterAll(async () => { await f?.close(); });

  async function send(method: string, path: string, body?: unknown) {
    const res = await f.api(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('records lifecycle times, exact active and paused durations, pauses and business metrics', async () => {
    const { clock } = f.t;
    const t0 = clock.now();
    const at = (ms: number) => new Date(t0.getTime() + ms).toISOString();
    const { id } = await send('POST', '/api/v1/campaigns', aCampaign());
    const path = `/api/v1/campaigns/${id}`;
    clock.advance(60_000);
    const schedule = aSchedule(clock.now(), 60, null);
    await send('POST', `${path}/schedule`, schedule);
    await giveAudience(f.t, f.api, id, 'acme', 2);
    clock.advance(60_000);
    await send('POST', `${path}/activate`);
    clock.advance(90_500);
    await send('POST', `${path}/pause`, { reason: 'stock' });
    clock.advance(30_000);
    await send('POST', `${path}/resume`);
    clock.advance(10_000);
    await send('POST', `${path}/metrics`, { salesCount: 3, salesAmount: '450', engagement: 7, budgetSpent: { increment: '12.5' } });
    clock.advance(20_000);
    await send('POST', `${path}/pause`);
    clock.advance(60_000);
    await send('POST', `${path}/finish`);
    clock.advance(3_600_000); // a finished campaign's durations no longer grow

    await f.caughtUp();
    const stats = await send('GET', `${path}/stats`);
    expect(stats).toEqual({
      campaignId: id, brandId: 'acme', status: 'finished', deleted: false, version: 9,
      createdAt: at(0), scheduledAt: at(60_000), plannedStartAt: schedule.startAt, plannedEndAt: null, firstActivatedAt: at(120_000),
      finishedAt: at(330_500), cancelledAt: null, deletedAt: null,
      activeSeconds: 90.5 + 30, pausedSeconds: 30 + 60, pauses: 2,
      salesCount: 3, salesAmount: '450.00', engagement: 7, budgetSpent: '12.50',
      lastEventAt: at(330_500), asOf: clock.now().toISOString(),
    });
  });

  it('counts campaigns per brand and status, deleted drafts apart', async () => {
    const root = client(f.t.baseUrl, await f.t.token('admin'));
    const created = async (brandId: string) => (await root('POST', '/api/v1/campaigns', aCampaign({ brandId }))).body.id as string;
    const draft = await created('globex');
    const deleted = await created('globex');
    expect((await root('DELETE', `/api/v1/campaigns/${deleted}`)).status).toBe(204);
    const cancelled = await created('acme');
    expect((await root('POST', `/api/v1/campaigns/${cancelled}/cancel`)).status).toBe(200);
    await f.caughtUp();

    const report = (await root('GET', '/api/v1/reports/campaigns')).body;
    const zero = { draft: 0, scheduled: 0, active: 0, paused: 0, finished: 0, cancelled: 0 };
    expect(report.items).toEqual([
      { brandId: 'acme', total: 2, byStatus: { ...zero, finished: 1, cancelled: 1 }, deleted: 0 },
      { brandId: 'globex', total: 1, byStatus: { ...zero, draft: 1 }, deleted: 1 },
    ]);
    expect(report.totals).toEqual({ total: 3, byStatus: { ...zero, draft: 1, finished: 1, cancelled: 1 }, deleted: 1 });
    expect((await root('GET', `/api/v1/campaigns/${deleted}/stats`)).body).toMatchObject({ deleted: true, status: 'draft', version: 2 });
    expect((await root('GET', `/api/v1/campaigns/${draft}/stats`)).body).toMatchObject({ deleted: false, status: 'draft', version: 1 });
  });
});
