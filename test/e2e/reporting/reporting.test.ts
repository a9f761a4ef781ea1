import { openApiDocument } from '../../../src/app/openapi/document.js';
import { aCampaign, createCampaignIn, expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';
import { validate, type JsonSchema } from '../../support/json-schema.js';
import { startReportingApp, type ReportingFixture } from '../../support/reporting-fixture.js';
import { client, type ApiResponse } from '../../support/test-app.js';

// The reporting routes on the embedded default (projection fed from the event log), answers
// checked against the OpenAPI document.

const doc = openApiDocument();
const ZERO = { draft: 0, scheduled: 0, active: 0, paused: 0, finished: 0, cancelled: 0 };

function expectDocumented(res: ApiResponse, schema: string): void {
  expect(res.status).toBe(200);
  expect(validate(doc.components.schemas[schema as keyof typeof doc.components.schemas] as JsonSchema, res.body, doc, { rejectUndeclared: true })).toEqual([]);
}

describe('GET /api/v1/reports/campaigns and /api/v1/campaigns/{id}/stats', () => {
  let f: ReportingFixture;
  let admin: ReturnType<typeof client>;
  let acmeActive: { id: string };
  let globexPaused: { id: string };

  beforeAll(async () => {
    f = await startReportingApp('log', 'e2e');
    admin = client(f.t.baseUrl, await f.t.token('admin'));
    acmeActive = await createCampaignIn(f.t, admin, 'active', { brandId: 'acme' });
    await createCampaignIn(f.t, admin, 'draft', { brandId: 'acme' });
    await createCampaignIn(f.t, admin, 'scheduled', { brandId: 'acme' });
    globexPaused = await createCampaignIn(f.t, admin, 'paused', { brandId: 'globex' });
    await createCampaignIn(f.t, admin, 'finished', { brandId: 'globex' });
    await f.caughtUp();
  });
  afterAll(async () => { await f?.close(); });

  it('counts per brand and status for the brands a token holds; totals sum them', async () => {
    const manager = await f.api('GET', '/api/v1/reports/campaigns');
    expectDocumented(manager, 'CampaignReport');
    expect(manager.body).toEqual({
      items: [{ brandId: 'acme', total: 3, byStatus: { ...ZERO, draft: 1, scheduled: 1, active: 1 }, deleted: 0 }],
      totals: { total: 3, byStatus: { ...ZERO, draft: 1, scheduled: 1, active: 1 }, deleted: 0 },
    });
    const everything = await admin('GET', '/api/v1/reports/campaigns');
    expect(everything.body.items.map((i: { brandId: string }) => i.brandId)).toEqual(['acme', 'globex']);
    expect(everything.body.totals).toEqual({ total: 5, byStatus: { draft: 1, scheduled: 1, active: 1, paused: 1, finished: 1, cancelled: 0 }, deleted: 0 });
  });

  it('filters by brandId; a brand the token does not hold yields nothing', async () => {
    expect((await admin('GET', '/api/v1/reports/campaigns?brandId=globex')).body.items.map((i: { brandId: string }) => i.brandId)).toEqual(['globex']);
    const foreign = await f.api('GET', '/api/v1/reports/campaigns?brandId=globex');
    expectDocumented(foreign, 'CampaignReport');
    expect(foreign.body).toEqual({ items: [], totals: { total: 0, byStatus: ZERO, deleted: 0 } });
  });

  it('lets a viewer read reports and stats of its brands', async () => {
    const viewer = client(f.t.baseUrl, await f.t.token('viewer', ['globex']));
    expect((await viewer('GET', '/api/v1/reports/campaigns')).body.totals.total).toBe(2);
    const stats = await viewer('GET', `/api/v1/campaigns/${globexPaused.id}/stats`);
    expectDocumented(stats, 'CampaignStats');
    expect(stats.body).toMatchObject({ campaignId: globexPaused.id, brandId: 'globex', status: 'paused', pauses: 1 });
  });

  it('serves a running campaign\'s active time up to the request\'s time', async () => {
    f.t.clock.advance(45_000);
    const stats = await f.api('GET', `/api/v1/campaigns/${acmeActive.id}/stats`);
    expectDocumented(stats, 'CampaignStats');
    expect(stats.body).toMatchObject({ status: 'active', activeSeconds: 45, pausedSeconds: 0, asOf: f.t.clock.now().toISOString() });
  });

  it('answers 404 for another brand\'s campaign, an unknown id and a non-UUID, never revealing which', async () => {
    expectProblem(await f.api('GET', `/api/v1/campaigns/${globexPaused.id}/stats`), 404);
    expectProblem(await f.api('GET', '/api/v1/campaigns/0190b6b4-0000-7000-8000-000000000000/stats'), 404);
    expectProblem(await f.api('GET', '/api/v1/campaigns/not-a-uuid/stats'), 404);
  });

  it('answers 404 for a campaign the projection has not seen yet, then serves it', async () => {
    await f.stopFeeding();
    const { id } = (await admin('POST', '/api/v1/campaigns', aCampaign())).body;
    expectProblem(await f.api('GET', `/api/v1/campaigns/${id}/stats`), 404);
    await f.startFeeding();
    await f.caughtUp();
    expect((await f.api('GET', `/api/v1/campaigns/${id}/stats`)).body).toMatchObject({ status: 'draft', version: 1 });
  });

  it('refuses unknown or repeated query parameters and anonymous callers', async () => {
    expectFieldErrors(await f.api('GET', '/api/v1/reports/campaigns?status=active'), ['status']);
    expectFieldErrors(await f.api('GET', '/api/v1/reports/campaigns?brandId=acme&brandId=globex'), ['brandId']);
    expectFieldErrors(await f.api('GET', `/api/v1/campaigns/${acmeActive.id}/stats?x=1`), ['x']);
    expectProblem(await client(f.t.baseUrl)('GET', '/api/v1/reports/campaigns'), 401);
  });
});
