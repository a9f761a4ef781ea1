import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { createCampaignIn, expectFieldErrors, expectProblem, type CampaignStatusName } from '../../support/campaign-requests.js';

const BRAND = 'mt-brand';

describe('POST /api/v1/campaigns/{id}/metrics', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const campaignIn = (status: CampaignStatusName) => createCampaignIn(t, api, status, { brandId: BRAND });
  const report = (id: string, body: unknown, headers?: Record<string, string>) => api('POST', `/api/v1/campaigns/${id}/metrics`, body, headers);

  it('sets absolute values, amounts as exact two-decimal strings, and leaves the delivery counters alone', async () => {
    const campaign = await campaignIn('active');
    const res = await report(campaign.id, { salesCount: 12, salesAmount: '1234.5', engagement: 340, budgetSpent: '99' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${campaign.version + 1}"`);
    expect(res.body.metrics).toEqual({
      // The one-lead audience the campaign was given, untouched by reports.
      totalContacts: 1, pending: 1, successful: 0, failed: 0,
      salesCount: 12, salesAmount: '1234.50', engagement: 340, budgetSpent: '99.00',
    });
    expect(res.body).toMatchObject({ status: 'active', version: campaign.version + 1 });
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(res.body);
  });

  it('changes only the metrics sent', async () => {
    const campaign = await campaignIn('paused');
    await report(campaign.id, { salesCount: 5, salesAmount: '10.00' });
    const res = await report(campaign.id, { engagement: 7 });
    expect(res.body.metrics).toMatchObject({ salesCount: 5, salesAmount: '10.00', engagement: 7, budgetSpent: '0.00' });
  });

  it('adds increments exactly, with no float rounding (0.1 + 0.2 = 0.30)', async () => {
    const campaign = await campaignIn('active');
    await report(campaign.id, { salesAmount: { increment: '0.1' }, budgetSpent: { increment: '19.99' }, salesCount: { increment: 2 }, engagement: { increment: 40 } });
    const res = await report(campaign.id, { salesAmount: { increment: '0.2' }, budgetSpent: { increment: '0.01' }, salesCount: { increment: 3 }, engagement: { increment: 2 } });
    expect(res.body.metrics).toMatchObject({ salesAmount: '0.30', budgetSpent: '20.00', salesCount: 5, engagement: 42 });
    const big = await report(campaign.id, { salesAmount: '999999999999999.99' });
    expect(big.body.metrics.salesAmount).toBe('999999999999999.99');
    const next = await report(campaign.id, { salesAmount: { increment: '-0.99' } });
    expect(next.body.metrics.salesAmount).toBe('999999999999999.00');
  });

  it('accepts a negative increment as a correction but never a negative result', async () => {
    const campaign = await campaignIn('active');
    await report(campaign.id, { salesCount: 3, salesAmount: '5.00' });
    expect((await report(campaign.id, { salesCount: { increment: -1 }, salesAmount: { increment: '-1.50' } })).body.metrics).toMatchObject({ salesCount: 2, salesAmount: '3.50' });
    expectFieldErrors(await report(campaign.id, { salesCount: { increment: -3 }, salesAmount: { increment: '-4.00' } }), ['salesCount', 'salesAmount']);
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.metrics).toMatchObject({ salesCount: 2, salesAmount: '3.50' });
  });

  it('is allowed in active, paused and finished', async () => {
    for (const status of ['active', 'paused', 'finished'] as const) {
      const campaign = await campaignIn(status);
      const res = await report(campaign.id, { salesCount: { increment: 1 } });
      expect({ status, code: res.status, salesCount: res.body.metrics?.salesCount }).toEqual({ status, code: 200, salesCount: 1 });
    }
  });

  it.each(['draft', 'scheduled', 'cancelled'] as const)('answers 409 in %s and changes nothing', async (status) => {
    const campaign = await campaignIn(status);
    const problem = expectProblem(await report(campaign.id, { salesCount: 1 }), 409);
    expect(problem.detail).toContain(status);
    expect(problem.detail).toMatch(/metrics/i);
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
  });

  it.each([
    ['no metric at all', {}, ['body']],
    ['a fractional count', { salesCount: 1.5 }, ['salesCount']],
    ['an amount as a number', { salesAmount: 10.5 }, ['salesAmount']],
    ['an amount with three decimals', { budgetSpent: '1.005' }, ['budgetSpent']],
    ['a negative absolute count', { salesCount: -1 }, ['salesCount']],
    ['a negative absolute amount', { salesAmount: '-1.00' }, ['salesAmount']],
    ['a non-numeric engagement', { engagement: 'lots' }, ['engagement']],
    ['a fractional engagement (a count)', { engagement: 2.5 }, ['engagement']],
    ['a metric sent as null', { salesCount: null }, ['salesCount']],
    ['an increment object with an extra key', { salesCount: { increment: 1, set: 2 } }, ['salesCount']],
    ['a counter the service owns', { totalContacts: 10, successful: 3 }, ['totalContacts', 'successful']],
    ['several bad fields', { salesCount: 'ten', salesAmount: { increment: 5 }, budgetSpent: null }, ['salesCount', 'salesAmount', 'budgetSpent']],
  ])('rejects %s with 400', async (_label, body, fields) => {
    const campaign = await campaignIn('active');
    expectFieldErrors(await report(campaign.id, body), fields as string[]);
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.version).toBe(campaign.version);
  });

  it('honours If-Match', async () => {
    const campaign = await campaignIn('active');
    expectProblem(await report(campaign.id, { salesCount: 1 }, { 'if-match': `"${campaign.version - 1}"` }), 412);
    expect((await report(campaign.id, { salesCount: 1 }, { 'if-match': `"${campaign.version}"` })).status).toBe(200);
  });

  it('applies 50 concurrent increments without If-Match: exactly 50, one consecutive version each', async () => {
    const campaign = await campaignIn('active');
    const results = await Promise.all(Array.from({ length: 50 }, () => report(campaign.id, { salesCount: { increment: 1 }, salesAmount: { increment: '0.10' } })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const versions = results.map((r) => r.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => campaign.version + 1 + i));
    // Each answer shows the count as of its own version.
    for (const r of results) expect(r.body.metrics.salesCount).toBe(r.body.version - campaign.version);

    const final = await api('GET', `/api/v1/campaigns/${campaign.id}`);
    expect(final.body.metrics).toMatchObject({ salesCount: 50, salesAmount: '5.00' });
    expect(final.body.version).toBe(campaign.version + 50);
    const rows = await t.dataSource.query(
      `SELECT aggregate_version AS v, payload FROM domain_events WHERE aggregate_id = $1 AND event_type = 'CampaignMetricsUpdated' ORDER BY aggregate_version`,
      [campaign.id],
    );
    expect(rows.map((r: { v: number }) => r.v)).toEqual(versions);
    expect(rows.map((r: { payload: { metrics: { salesCount: number } } }) => r.payload.metrics.salesCount)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
