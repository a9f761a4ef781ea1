import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, expectProblem } from '../../support/campaign-requests.js';

const LIMIT = 5;

describe('per-caller rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: LIMIT });
  });
  afterAll(async () => { await t.close(); });

  it('answers 429 problem+json with Retry-After past the limit, changing nothing, and counts each caller apart', async () => {
    const alice = client(t.baseUrl, await t.token('brand_manager', ['rl-a'], 'alice'));
    const bob = client(t.baseUrl, await t.token('brand_manager', ['rl-a'], 'bob'));
    for (let i = 0; i < LIMIT; i++) {
      const ok = await alice('GET', '/api/v1/campaigns?brandId=rl-a');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit')).toMatch(new RegExp(`r=${LIMIT - i - 1}\\b`));
    }

    const limited = await alice('POST', '/api/v1/campaigns', aCampaign({ brandId: 'rl-a' }));

    expectProblem(limited, 429, /requests a minute/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE brand_id = 'rl-a'`);
    expect(n).toBe(0);
    // Another caller has a budget of its own.
    expect((await bob('GET', '/api/v1/campaigns?brandId=rl-a')).status).toBe(200);
  });

  it('leaves health and unauthenticated answers alone: a bad token is a 401, never a 429', async () => {
    const stranger = client(t.baseUrl, 'not-a-token');
    for (let i = 0; i < LIMIT + 2; i++) expect((await stranger('GET', '/api/v1/campaigns')).status).toBe(401);
    for (let i = 0; i < LIMIT + 2; i++) expect((await client(t.baseUrl)('GET', '/health/live')).status).toBe(200);
  });
});
