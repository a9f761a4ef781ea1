import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, aFullCampaign, expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';

const BRAND = 'er-brand';

describe('error answers of the campaigns API', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('brand_manager', [BRAND]);
    api = client(t.baseUrl, token);
  });
  afterAll(async () => { await t.close(); });

  const campaignCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE brand_id = $1`, [BRAND]))[0].n as number;
  const raw = (method: string, path: string, body: string | Buffer, contentType?: string) =>
    fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(contentType && { 'content-type': contentType }) }, body });
  const asApi = async (res: Response) => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  describe('request body transport', () => {
    it('answers 400 problem+json for malformed JSON, and creates nothing', async () => {
      const before = await campaignCount();
      const problem = expectProblem(await asApi(await raw('POST', '/api/v1/campaigns', '{"brandId": "er-brand", "name": ', 'application/json')), 400);
      expect(problem.detail).toMatch(/json/i);
      expect(await campaignCount()).toBe(before);
    });

    it('answers 400 for a create without a body, or with an empty one', async () => {
      const required = ['brandId', 'name', 'type', 'objective', 'channel'];
      // No body at all: the body itself is what is missing.
      expectFieldErrors(await api('POST', '/api/v1/campaigns'), ['body']);
      // An empty JSON body reads as {}: every required field is named.
      expectFieldErrors(await asApi(await raw('POST', '/api/v1/campaigns', '', 'application/json')), required);
    });

    it('answers 400 for JSON that is not an object', async () => {
      for (const body of ['[1,2]', '"text"', 'null', '42']) {
        const res = await asApi(await raw('POST', '/api/v1/campaigns', body, 'application/json'));
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectProblem(res, 400);
      }
    });

    it('answers 415 for a body that is not JSON, on POST and PATCH', async () => {
      const created = (await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }))).body;
      const before = await campaignCount();
      expectProblem(await asApi(await raw('POST', '/api/v1/campaigns', 'brandId=er-brand&name=x', 'application/x-www-form-urlencoded')), 415);
      expectProblem(await asApi(await raw('POST', '/api/v1/campaigns', JSON.stringify(aCampaign({ brandId: BRAND })), 'text/plain')), 415);
      expectProblem(await asApi(await raw('PATCH', `/api/v1/campaigns/${created.id}`, JSON.stringify({ name: 'x' }), 'text/plain')), 415);
      expectProblem(await asApi(await raw('POST', `/api/v1/campaigns/${created.id}/cancel`, '<reason/>', 'application/xml')), 415);
      expect(await campaignCount()).toBe(before);
      expect((await api('GET', `/api/v1/campaigns/${created.id}`)).body).toEqual(created);
    });

    it('accepts application/json with a charset and application/*+json', async () => {
      const body = JSON.stringify(aCampaign({ brandId: BRAND }));
      expect((await raw('POST', '/api/v1/campaigns', body, 'application/json; charset=utf-8')).status).toBe(201);
      expect((await raw('POST', '/api/v1/campaigns', body, 'application/merge-patch+json')).status).toBe(201);
    });

    it('answers 413 for a body over the size limit, and creates nothing', async () => {
      const before = await campaignCount();
      const huge = JSON.stringify(aCampaign({ brandId: BRAND, description: 'x'.repeat(1_100_000) }));
      const problem = expectProblem(await asApi(await raw('POST', '/api/v1/campaigns', huge, 'application/json')), 413);
      expect(problem.errors).toBeUndefined();
      expect(await campaignCount()).toBe(before);
    });
  });

  describe('validation (400, one errors item per bad field)', () => {
    it('names every missing required field', async () => {
      expectFieldErrors(await api('POST', '/api/v1/campaigns', {}), ['brandId', 'name', 'type', 'objective', 'channel']);
    });

    it('reports several bad fields at once, each once', async () => {
      const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: 123, type: 'podcast', objective: 'fame', channel: 'pigeon', priority: 'high', maxPerDay: 2.5 }));
      expectFieldErrors(res, ['name', 'type', 'objective', 'channel', 'priority', 'maxPerDay']);
    });

    it('names nested fields by their path', async () => {
      const res = await api('POST', '/api/v1/campaigns', aFullCampaign({
        brandId: BRAND,
        callingWindow: { start: '25:00', end: '9am', days: ['funday'], timezone: 7 },
        retryPolicy: { maxRetries: 'three', retryDelayMinutes: 1.5 },
        budget: { amount: 'lots', currency: 5 },
        schedule: { startAt: 'soon' },
      }));
      expectFieldErrors(res, [
        'callingWindow.start', 'callingWindow.end', 'callingWindow.days', 'callingWindow.timezone',
        'retryPolicy.maxRetries', 'retryPolicy.retryDelayMinutes', 'budget.amount', 'budget.currency', 'schedule.startAt',
      ]);
    });

    it('applies the business rules of each value and names the nested field', async () => {
      const res = await api('POST', '/api/v1/campaigns', aFullCampaign({
        brandId: BRAND,
        name: '   ',
        callingWindow: { start: '18:00', end: '09:00', days: ['mon', 'mon'], timezone: 'Mars/Olympus_Mons' },
        retryPolicy: { maxRetries: 11, retryDelayMinutes: 0 },
        budget: { amount: '10.999', currency: 'XYZ' },
        priority: 11,
        maxPerDay: 0,
      }));
      expectFieldErrors(res, [
        'name', 'callingWindow.end', 'callingWindow.days', 'callingWindow.timezone',
        'retryPolicy.maxRetries', 'retryPolicy.retryDelayMinutes', 'budget.currency', 'priority', 'maxPerDay',
      ]);
    });

    it('checks money against the currency: no decimals for JPY, no negatives', async () => {
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, budget: { amount: '10.5', currency: 'JPY' } })), ['budget.amount']);
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, budget: { amount: '-1.00', currency: 'USD' } })), ['budget.amount']);
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, budget: { amount: 10.5, currency: 'USD' } })), ['budget.amount']);
    });

    it('accepts the bounds of retryPolicy (0..10 retries, 1..10080 minutes)', async () => {
      for (const retryPolicy of [{ maxRetries: 0, retryDelayMinutes: 1 }, { maxRetries: 10, retryDelayMinutes: 10080 }]) {
        const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, retryPolicy }));
        expect(res.status).toBe(201);
        expect(res.body.retryPolicy).toEqual(retryPolicy);
      }
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, retryPolicy: { maxRetries: -1, retryDelayMinutes: 10081 } })), ['retryPolicy.maxRetries', 'retryPolicy.retryDelayMinutes']);
    });

    it('rejects unknown fields, including the ones the service owns, and creates nothing', async () => {
      const before = await campaignCount();
      const res = await api('POST', '/api/v1/campaigns', aCampaign({
        brandId: BRAND, status: 'active', metrics: { salesCount: 1 }, version: 5, id: '0193aaaa-0000-7000-8000-000000000000', createdAt: '2020-01-01T00:00:00Z', color: 'red',
      }));
      const errors = expectFieldErrors(res, ['status', 'metrics', 'version', 'id', 'createdAt', 'color']);
      for (const e of errors) expect(e.message).toMatch(/not an allowed field/);
      expect(await campaignCount()).toBe(before);
    });

    it('rejects unknown nested fields by their path', async () => {
      const res = await api('POST', '/api/v1/campaigns', aFullCampaign({
        brandId: BRAND,
        callingWindow: { start: '09:00', end: '18:00', days: ['mon'], timezone: 'UTC', lunchBreak: true },
        budget: { amount: '1.00', currency: 'USD', fx: 1 },
      }));
      expectFieldErrors(res, ['callingWindow.lunchBreak', 'budget.fx']);
    });

    it('reports a nested object sent as another JSON type (even an array) as ONE error on that field', async () => {
      const res = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, callingWindow: 'weekdays', retryPolicy: [1, 2], budget: 100 }));
      expectFieldErrors(res, ['callingWindow', 'retryPolicy', 'budget']);
    });

    it('rejects a malformed brandId (as admin, who may create in any brand)', async () => {
      const admin = client(t.baseUrl, await t.token('admin'));
      expectFieldErrors(await admin('POST', '/api/v1/campaigns', aCampaign({ brandId: 'Has Spaces!' })), ['brandId']);
      expectFieldErrors(await admin('POST', '/api/v1/campaigns', aCampaign({ brandId: 42 })), ['brandId']);
    });

    it('rejects texts over their length limits', async () => {
      expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({
        brandId: BRAND, name: 'n'.repeat(201), description: 'd'.repeat(2001), scriptTemplate: 's'.repeat(10_001),
      })), ['name', 'description', 'scriptTemplate']);
      const atLimit = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: 'n'.repeat(200), description: 'd'.repeat(2000) }));
      expect(atLimit.status).toBe(201);
    });

    // API.md: "one `errors` item per bad field". Shape checks (DTO) and business rules (domain)
    // run one after the other, so a body with both kinds of mistakes must still name every field.
    it('names every bad field when shape errors and business-rule errors are mixed in one body', async () => {
      const res = await api('POST', '/api/v1/campaigns', aCampaign({
        brandId: BRAND,
        type: 'podcast', // shape: not one of the enum
        priority: 99, // rule: 1..10
        budget: { amount: '1.00', currency: 'XYZ' }, // rule: not an ISO 4217 code
      }));
      expectFieldErrors(res, ['type', 'priority', 'budget.currency']);
    });
  });

  describe('other error statuses', () => {
    it('answers 404 problem+json for an unknown route under /api/v1 and elsewhere', async () => {
      expectProblem(await api('GET', '/api/v1/nothing-here'), 404);
      expectProblem(await api('POST', '/api/v1/campaigns/0193aaaa-0000-7000-8000-000000000000/launch'), 404);
    });

    it('answers 400 for an invalid Idempotency-Key', async () => {
      expectProblem(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }), { 'idempotency-key': 'x'.repeat(256) }), 400);
      expectProblem(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }), { 'idempotency-key': 'has space' }), 400);
    });

    it('never puts stack traces or SQL in an error body', async () => {
      const answers = [
        await api('POST', '/api/v1/campaigns', {}),
        await api('GET', '/api/v1/campaigns/not-a-uuid'),
        await asApi(await raw('POST', '/api/v1/campaigns', '{', 'application/json')),
      ];
      for (const res of answers) {
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|SELECT |INSERT |node_modules/);
        expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['detail', 'status', 'title', 'type']));
      }
    });
  });
});
