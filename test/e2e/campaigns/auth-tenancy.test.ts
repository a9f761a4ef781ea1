import { SignJWT } from 'jose';
import { client, startTestApp, TEST_JWT_SECRET, type TestApp } from '../../support/test-app.js';
import { aCampaign, aSchedule, createCampaignIn, expectProblem, type CampaignStatusName } from '../../support/campaign-requests.js';

const A = 'at-alpha';
const B = 'at-beta';

type Api = ReturnType<typeof client>;

const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs arbitrary claims (HS256 with the test secret unless told otherwise). */
function sign(claims: Record<string, unknown>, { key = secret, alg = 'HS256', exp = nowSeconds() + 3600 }: { key?: Uint8Array; alg?: string; exp?: number } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt().setExpirationTime(exp).sign(key);
}

/** The database of the running test app, for routes that need to look something up first. */
let memberOf: (campaignId: string) => Promise<string>;

/** Each write route with the status in which its owner may perform it, and a valid body. */
const WRITE_ROUTES: Array<{ name: string; status: CampaignStatusName; call: (api: Api, id: string, now: Date) => ReturnType<Api> }> = [
  { name: 'PATCH', status: 'draft', call: (api, id) => api('PATCH', `/api/v1/campaigns/${id}`, { name: 'renamed' }) },
  { name: 'DELETE', status: 'draft', call: (api, id) => api('DELETE', `/api/v1/campaigns/${id}`) },
  { name: 'schedule', status: 'draft', call: (api, id, now) => api('POST', `/api/v1/campaigns/${id}/schedule`, aSchedule(now)) },
  { name: 'activate', status: 'draft', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/activate`) },
  { name: 'pause', status: 'active', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/pause`, { reason: 'x' }) },
  { name: 'resume', status: 'paused', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/resume`) },
  { name: 'finish', status: 'active', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/finish`) },
  { name: 'cancel', status: 'draft', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/cancel`, { reason: 'x' }) },
  { name: 'metrics', status: 'active', call: (api, id) => api('POST', `/api/v1/campaigns/${id}/metrics`, { salesCount: 1 }) },
  {
    name: 'audience add',
    status: 'draft',
    call: (api, id) => api('POST', `/api/v1/campaigns/${id}/audience`, { criteria: { all: [{ field: 'stage', op: 'eq', value: 'new' }] } }),
  },
  { name: 'audience remove', status: 'draft', call: async (api, id) => api('DELETE', `/api/v1/campaigns/${id}/audience/${await memberOf(id)}`) },
];

describe('authentication and tenancy', () => {
  let t: TestApp;
  let managerA: Api;
  let managerB: Api;

  beforeAll(async () => {
    t = await startTestApp();
    managerA = client(t.baseUrl, await t.token('brand_manager', [A], 'manager-a'));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B], 'manager-b'));
    memberOf = async (campaignId) => (await t.dataSource.query(`SELECT lead_id FROM campaign_audience WHERE campaign_id = $1 LIMIT 1`, [campaignId]))[0].lead_id;
  });
  afterAll(async () => { await t.close(); });

  const snapshot = async (id: string) => ({
    row: (await t.dataSource.query(`SELECT status, version, name FROM campaigns WHERE id = $1`, [id]))[0],
    events: (await t.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = $1`, [id]))[0].n,
  });

  describe('401 for a request without a valid token', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createCampaignIn(t, managerA, 'draft', { brandId: A })).id;
    });

    const cases: Array<[string, () => Promise<Record<string, string>>]> = [
      ['no Authorization header', async () => ({})],
      ['a Basic scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
      ['an empty bearer', async () => ({ authorization: 'Bearer ' })],
      ['a token that is not a JWT', async () => ({ authorization: 'Bearer not-a-jwt' })],
      ['a JWT with garbage parts', async () => ({ authorization: 'Bearer abc.def.ghi' })],
      ['an expired token', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'admin', brands: [] }, { exp: nowSeconds() - 60 })}` })],
      ['a token signed with another secret', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'admin', brands: [] }, { key: new TextEncoder().encode('another-secret-another-secret-another-1') })}` })],
      ['a token whose signature was tampered with', async () => {
        const token = await sign({ sub: 'u', role: 'brand_manager', brands: [A] });
        const [h, , s] = token.split('.');
        return { authorization: `Bearer ${h}.${b64({ sub: 'u', role: 'admin', brands: [], exp: nowSeconds() + 3600 })}.${s}` };
      }],
      ['an unsigned token (alg none)', async () => ({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', role: 'admin', brands: [], exp: nowSeconds() + 3600 })}.` })],
      ['a token signed with HS512', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'admin', brands: [] }, { alg: 'HS512' })}` })],
      ['an unknown role', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'superuser', brands: [A] })}` })],
      ['the internal system role', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'system', brands: [] })}` })],
      ['no role', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', brands: [A] })}` })],
      ['no subject', async () => ({ authorization: `Bearer ${await sign({ role: 'admin', brands: [] })}` })],
      ['brands that are not a list', async () => ({ authorization: `Bearer ${await sign({ sub: 'u', role: 'brand_manager', brands: A })}` })],
    ];

    it.each(cases)('%s', async (_label, headers) => {
      const anonymous = client(t.baseUrl);
      const h = await headers();
      const before = await snapshot(id);
      for (const res of [
        await anonymous('GET', '/api/v1/campaigns', undefined, h),
        await anonymous('GET', `/api/v1/campaigns/${id}`, undefined, h),
        await anonymous('POST', `/api/v1/campaigns/${id}/activate`, undefined, h),
        await anonymous('POST', '/api/v1/campaigns', aCampaign({ brandId: A }), h),
      ]) {
        expectProblem(res, 401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect(await snapshot(id)).toEqual(before);
    });

    it('refuses a token once it has expired, even if it was accepted before', async () => {
      const exp = nowSeconds() + 1;
      const shortLived = client(t.baseUrl, await sign({ sub: 'short', role: 'brand_manager', brands: [A] }, { exp }));
      expect((await shortLived('GET', `/api/v1/campaigns/${id}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
      expectProblem(await shortLived('GET', `/api/v1/campaigns/${id}`), 401, /expired/);
    });

    it('says why an expired token is refused', async () => {
      const token = await sign({ sub: 'u', role: 'admin', brands: [] }, { exp: nowSeconds() - 60 });
      expectProblem(await client(t.baseUrl, token)('GET', '/api/v1/campaigns'), 401, /expired/);
    });
  });

  describe('403 for a viewer on every write route', () => {
    it('POST /campaigns', async () => {
      const viewer = client(t.baseUrl, await t.token('viewer', [A]));
      expectProblem(await viewer('POST', '/api/v1/campaigns', aCampaign({ brandId: A })), 403);
      expectProblem(await viewer('POST', '/api/v1/campaigns', aCampaign({ brandId: A }), { 'idempotency-key': 'viewer-key' }), 403);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'viewer-key'`);
      expect(n).toBe(0);
    });

    it.each(WRITE_ROUTES.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
      const campaign = await createCampaignIn(t, managerA, route.status, { brandId: A });
      const viewer = client(t.baseUrl, await t.token('viewer', [A]));
      const before = await snapshot(campaign.id);
      const problem = expectProblem(await route.call(viewer, campaign.id, t.clock.now()), 403);
      expect(problem.detail).toMatch(/viewer/);
      expect(await snapshot(campaign.id)).toEqual(before);
      // The viewer may still read it.
      expect((await viewer('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
      expect((await viewer('GET', `/api/v1/campaigns/${campaign.id}/events`)).status).toBe(200);
    });
  });

  describe('brand scoping on create', () => {
    it('answers 403 when a brand manager creates in a brand its token does not hold, and creates nothing', async () => {
      const res = await managerA('POST', '/api/v1/campaigns', aCampaign({ brandId: B, name: 'intruder' }));
      expectProblem(res, 403, B);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE name = 'intruder'`);
      expect(n).toBe(0);
    });

    it('lets a manager of several brands create in each, and an admin in any brand', async () => {
      const both = client(t.baseUrl, await t.token('brand_manager', [A, B]));
      expect((await both('POST', '/api/v1/campaigns', aCampaign({ brandId: A }))).status).toBe(201);
      expect((await both('POST', '/api/v1/campaigns', aCampaign({ brandId: B }))).status).toBe(201);
      const admin = client(t.baseUrl, await t.token('admin'));
      expect((await admin('POST', '/api/v1/campaigns', aCampaign({ brandId: 'at-anything' }))).body.brandId).toBe('at-anything');
    });
  });

  describe('404 for another brand\'s campaign on every route', () => {
    it('GET, GET /events', async () => {
      const campaign = await createCampaignIn(t, managerB, 'active', { brandId: B });
      expectProblem(await managerA('GET', `/api/v1/campaigns/${campaign.id}`), 404);
      expectProblem(await managerA('GET', `/api/v1/campaigns/${campaign.id}/events`), 404);
      const viewerA = client(t.baseUrl, await t.token('viewer', [A]));
      expectProblem(await viewerA('GET', `/api/v1/campaigns/${campaign.id}`), 404);
      // A manager whose token holds no brand at all sees nothing.
      const noBrands = client(t.baseUrl, await t.token('brand_manager', []));
      expectProblem(await noBrands('GET', `/api/v1/campaigns/${campaign.id}`), 404);
      expectProblem(await noBrands('POST', `/api/v1/campaigns/${campaign.id}/pause`), 404);
    });

    it.each(WRITE_ROUTES.map((r) => [r.name, r] as const))('%s (and the owner can still do it)', async (_name, route) => {
      const campaign = await createCampaignIn(t, managerB, route.status, { brandId: B });
      const before = await snapshot(campaign.id);
      const problem = expectProblem(await route.call(managerA, campaign.id, t.clock.now()), 404);
      expect(problem.detail).not.toContain(B);
      expect(await snapshot(campaign.id)).toEqual(before);
      const owner = await route.call(managerB, campaign.id, t.clock.now());
      expect([200, 204]).toContain(owner.status);
    });

    it('also with If-Match and Idempotency-Key (no precondition or replay leaks existence)', async () => {
      const campaign = await createCampaignIn(t, managerB, 'draft', { brandId: B });
      expectProblem(await managerA('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'x' }, { 'if-match': '"99"' }), 404);
      expectProblem(await managerA('POST', `/api/v1/campaigns/${campaign.id}/activate`, undefined, { 'idempotency-key': 'cross-brand' }), 404);
      expect((await managerB('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
    });
  });
});
