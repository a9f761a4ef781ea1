import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, aFullCampaign, aSchedule, expectFieldErrors, expectProblem, ISO_UTC, UUID } from '../../support/campaign-requests.js';

const BRAND = 'cr-brand';
const OTHER = 'cr-other';

describe('POST /api/v1/campaigns and GET /api/v1/campaigns/{id}', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let other: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
    other = client(t.baseUrl, await t.token('brand_manager', [OTHER], 'someone-else'));
  });
  afterAll(async () => { await t.close(); });

  it('creates a draft with every field and answers 201, Location, ETag and the exact representation', async () => {
    const now = t.clock.now();
    const schedule = aSchedule(now, 60, 7 * 24 * 60);
    const body = aFullCampaign({ brandId: BRAND, schedule });
    const res = await api('POST', '/api/v1/campaigns', body);

    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const id = res.body.id;
    expect(id).toMatch(UUID);
    expect(res.headers.get('location')).toBe(`/api/v1/campaigns/${id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual({
      id,
      brandId: BRAND,
      name: body.name,
      description: body.description,
      type: body.type,
      objective: body.objective,
      channel: body.channel,
      status: 'draft',
      schedule: { startAt: schedule.startAt, endAt: schedule.endAt },
      callingWindow: body.callingWindow,
      retryPolicy: body.retryPolicy,
      // Money is a decimal string with the currency's two minor digits, never a float.
      budget: { amount: '1500.50', currency: 'USD' },
      maxPerDay: body.maxPerDay,
      priority: body.priority,
      scriptTemplate: body.scriptTemplate,
      senderIds: null,
      metrics: { totalContacts: 0, pending: 0, successful: 0, failed: 0, salesCount: 0, salesAmount: '0.00', engagement: 0, budgetSpent: '0.00' },
      cancelReason: null,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });

    const read = await api('GET', res.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it('fills the optional fields with their defaults when only the required ones are sent', async () => {
    const body = aCampaign({ brandId: BRAND, name: 'Minimal', type: 'b2b', objective: 'lead_generation', channel: 'email' });
    const res = await api('POST', '/api/v1/campaigns', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      brandId: BRAND, name: 'Minimal', type: 'b2b', objective: 'lead_generation', channel: 'email', status: 'draft',
      description: '', schedule: null, callingWindow: null, retryPolicy: { maxRetries: 3, retryDelayMinutes: 30 },
      budget: null, maxPerDay: null, priority: 5, scriptTemplate: null, version: 1,
    });
    expect(res.body.createdAt).toMatch(ISO_UTC);
    expect(res.body.updatedAt).toBe(res.body.createdAt);
  });

  it('accepts every value of each enum', async () => {
    const types = ['affiliation', 'influencer', 'loyalty', 'b2b', 'mixed'];
    const objectives = ['sales', 'brand_awareness', 'engagement', 'lead_generation', 'conversion'];
    const channels = ['call', 'whatsapp', 'telegram', 'email', 'sms'];
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, type: types[i], objective: objectives[i], channel: channels[i] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type: types[i], objective: objectives[i], channel: channels[i] });
    }
  });

  it('normalizes what it stores: trimmed name, days in week order, UTC instants, the currency\'s minor digits', async () => {
    const now = t.clock.now();
    const startLocal = new Date(now.getTime() + 2 * 3600_000);
    // The same instant written with a +05:00 offset.
    const withOffset = new Date(startLocal.getTime() + 5 * 3600_000).toISOString().replace('Z', '+05:00').replace(/\.\d{3}/, '');
    const res = await api('POST', '/api/v1/campaigns', aCampaign({
      brandId: BRAND,
      name: '  Spaced name  ',
      callingWindow: { start: '08:30', end: '12:00', days: ['sun', 'wed', 'mon'], timezone: 'Europe/Madrid' },
      schedule: { startAt: withOffset },
      budget: { amount: '1500', currency: 'JPY' },
    }));
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Spaced name');
    expect(res.body.callingWindow.days).toEqual(['mon', 'wed', 'sun']);
    expect(res.body.schedule).toEqual({ startAt: new Date(startLocal.getTime() - (startLocal.getTime() % 1000)).toISOString(), endAt: null });
    expect(res.body.budget).toEqual({ amount: '1500', currency: 'JPY' });

    const kwd = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, budget: { amount: '2.5', currency: 'KWD' } }));
    expect(kwd.status).toBe(201);
    expect(kwd.body.budget).toEqual({ amount: '2.500', currency: 'KWD' });

    const big = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, budget: { amount: '123456789012345.67', currency: 'USD' } }));
    expect(big.status).toBe(201);
    expect(big.body.budget.amount).toBe('123456789012345.67');
    expect((await api('GET', `/api/v1/campaigns/${big.body.id}`)).body.budget.amount).toBe('123456789012345.67');
  });

  it('stamps createdAt/updatedAt from the service clock', async () => {
    t.clock.advance(90_000);
    const now = t.clock.now();
    const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }));
    expect(res.body.createdAt).toBe(now.toISOString());
    expect(res.body.updatedAt).toBe(now.toISOString());
  });

  it('stores the campaign row in PostgreSQL with its brand', async () => {
    const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: 'Row check' }));
    const rows = await t.dataSource.query(`SELECT brand_id, name, status, version FROM campaigns WHERE id = $1`, [res.body.id]);
    expect(rows).toEqual([{ brand_id: BRAND, name: 'Row check', status: 'draft', version: 1 }]);
  });

  describe('reading', () => {
    it('answers 404 problem+json for an unknown id', async () => {
      const unknown = '0193aaaa-0000-7000-8000-000000000000';
      expectProblem(await api('GET', `/api/v1/campaigns/${unknown}`), 404);
    });

    it('answers 404 (not 400) for an id that is not a UUID', async () => {
      expectProblem(await api('GET', '/api/v1/campaigns/not-a-uuid'), 404);
      expectProblem(await api('GET', '/api/v1/campaigns/123'), 404);
    });

    it('answers 404 for another brand\'s campaign, indistinguishable from an unknown id', async () => {
      const mine = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }));
      const hidden = expectProblem(await other('GET', `/api/v1/campaigns/${mine.body.id}`), 404);
      const unknown = expectProblem(await other('GET', '/api/v1/campaigns/0193aaaa-0000-7000-8000-000000000001'), 404);
      expect({ type: hidden.type, title: hidden.title, errors: hidden.errors }).toEqual({ type: unknown.type, title: unknown.title, errors: unknown.errors });
      // The owner still sees it.
      expect((await api('GET', `/api/v1/campaigns/${mine.body.id}`)).status).toBe(200);
    });

    it('lets an admin read any brand\'s campaign', async () => {
      const mine = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }));
      const admin = client(t.baseUrl, await t.token('admin'));
      const read = await admin('GET', `/api/v1/campaigns/${mine.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(mine.body);
    });
  });

  describe('schedule given on create', () => {
    it('rejects a start in the past with 400 naming schedule.startAt, and creates nothing', async () => {
      const now = t.clock.now();
      const name = `past-start-${now.getTime()}`;
      const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name, schedule: aSchedule(now, -1, null) }));
      expectFieldErrors(res, ['schedule.startAt']);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE name = $1`, [name]);
      expect(n).toBe(0);
    });

    it('rejects an end before the start with 400 naming schedule.endAt', async () => {
      const now = t.clock.now();
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, schedule: aSchedule(now, 120, 60) })), ['schedule.endAt']);
    });
  });
});
