import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem, ISO_UTC, UUID } from '../../support/campaign-requests.js';
import { aLeadSeed, seedLeads } from '../../support/lead-seeds.js';
import { createLead, expectDocumented } from '../../support/lead-requests.js';

const A = 'sg-alpha';
const B = 'sg-beta';

const c = (field: string, op: string, value: unknown) => ({ field, op, value });
const all = (...items: unknown[]) => ({ all: items });
const VIP = all(c('tags', 'contains_any', ['vip']));

describe('segments: saved, predefined, preview', () => {
  let t: TestApp;
  let managerA: ReturnType<typeof client>;
  let managerB: ReturnType<typeof client>;
  let viewerA: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    managerA = client(t.baseUrl, await t.token('brand_manager', [A]));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B]));
    viewerA = client(t.baseUrl, await t.token('viewer', [A]));
    admin = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => { await t.close(); });

  const leadsTableExists = async () => (await t.dataSource.query(`SELECT to_regclass('public.leads') IS NOT NULL AS present`))[0].present;
  const create = async (api: ReturnType<typeof client>, body: Record<string, unknown>) => {
    const res = await api('POST', '/api/v1/segments', body);
    if (res.status !== 201) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  describe('POST /segments', () => {
    it('saves a segment: 201, Location, ETag, and the criteria in canonical form', async () => {
      const res = await managerA('POST', '/api/v1/segments', {
        brandId: A,
        name: '  Recent VIPs  ',
        criteria: all(c('tags', 'contains_any', [' vip ', 'vip']), c('createdAt', 'gte', '2026-11-01')),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/api/v1/segments/${res.body.id}`);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        brandId: A,
        name: 'Recent VIPs',
        criteria: all(c('tags', 'contains_any', ['vip']), c('createdAt', 'gte', '2026-11-01T00:00:00.000Z')),
        version: 1,
        createdAt: t.clock.now().toISOString(),
        updatedAt: t.clock.now().toISOString(),
      });
      expect(res.body.createdAt).toMatch(ISO_UTC);
      expectDocumented('Segment', res.body);
      const read = await managerA('GET', res.headers.get('location')!);
      expect(read.body).toEqual(res.body);
      expect(read.headers.get('etag')).toBe('"1"');
    });

    it('reports every bad field and every bad criteria node in one 400, and saves nothing', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM segments`))[0].n;
      expectFieldErrors(await managerA('POST', '/api/v1/segments', {
        brandId: A, name: '   ', criteria: all(c('score', 'contains_any', [1]), { any: [c('nope', 'eq', 1)] }),
      }), ['name', 'criteria.all[0].op', 'criteria.all[1].any[0].field']);
      // Shape errors (name not a string, an unknown field) and criteria errors together.
      expectFieldErrors(await managerA('POST', '/api/v1/segments', {
        brandId: A, name: 5, criteria: all(c('stage', 'eq', 'closed')), color: 'red',
      }), ['name', 'color', 'criteria.all[0].value']);
      expectFieldErrors(await managerA('POST', '/api/v1/segments', { brandId: A, name: 'x' }), ['criteria']);
      expectFieldErrors(await managerA('POST', '/api/v1/segments', { brandId: A, name: 'x', criteria: [] }), ['criteria']);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM segments`))[0].n).toBe(before);
    });

    it('refuses a viewer (403) and a brand the token does not hold (403), saving nothing', async () => {
      expectProblem(await viewerA('POST', '/api/v1/segments', { brandId: A, name: 'v', criteria: VIP }), 403, /viewer/);
      expectProblem(await managerA('POST', '/api/v1/segments', { brandId: B, name: 'intruder', criteria: VIP }), 403, B);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM segments WHERE name IN ('v', 'intruder')`))[0].n).toBe(0);
    });

    it('rejects SQL in field names with 400 naming the field; the table stays', async () => {
      for (const field of ['stage; DROP TABLE leads', "customFields.x') OR 1=1 --", 'customFields.a b', 'custom_fields', 'brand_id']) {
        expectFieldErrors(await managerA('POST', '/api/v1/segments', { brandId: A, name: 'x', criteria: all(c(field, 'eq', 'new')) }), ['criteria.all[0].field']);
      }
      expect(await leadsTableExists()).toBe(true);
    });
  });

  describe('GET /segments and /segments/{id}', () => {
    let mine: any[];
    let theirs: any;
    beforeAll(async () => {
      mine = [];
      for (let i = 0; i < 5; i++) {
        t.clock.advance(1000);
        mine.unshift(await create(managerA, { brandId: A, name: `list ${i}`, criteria: all(c('score', 'gte', i)) }));
      }
      theirs = await create(managerB, { brandId: B, name: 'beta only', criteria: VIP });
    });

    it('lists the token\'s brands newest first, and walks pages with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await viewerA('GET', `/api/v1/segments?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const item of res.body.items) expect(item.brandId).toBe(A);
        seen.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.slice(0, 5)).toEqual(mine.map((s) => s.id));
      expect(seen).not.toContain(theirs.id);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('filters by brandId; another brand\'s filter yields nothing; an admin sees every brand', async () => {
      expect((await managerA('GET', `/api/v1/segments?brandId=${B}`)).body.items).toEqual([]);
      const adminItems = (await admin('GET', '/api/v1/segments?limit=500')).body.items.map((s: { id: string }) => s.id);
      expect(adminItems).toEqual(expect.arrayContaining([theirs.id, ...mine.map((s) => s.id)]));
      expect((await admin('GET', `/api/v1/segments?brandId=${B}`)).body.items.map((s: { id: string }) => s.id)).toEqual([theirs.id]);
    });

    it('answers 404 for another brand\'s, an unknown or a non-UUID id; 400 for bad list parameters', async () => {
      expectProblem(await managerA('GET', `/api/v1/segments/${theirs.id}`), 404);
      expectProblem(await managerA('GET', '/api/v1/segments/0193aaaa-0000-7000-8000-00000000abcd'), 404);
      expectProblem(await managerA('GET', '/api/v1/segments/engaged'), 404);
      expectFieldErrors(await managerA('GET', '/api/v1/segments?limit=0'), ['limit']);
      expectFieldErrors(await managerA('GET', '/api/v1/segments?cursor=nope'), ['cursor']);
      expectFieldErrors(await managerA('GET', '/api/v1/segments?name=x'), ['name']);
    });
  });

  describe('DELETE /segments/{id}', () => {
    it('deletes with a matching If-Match (or none); 412 on a stale one; 404 afterwards', async () => {
      const segment = await create(managerA, { brandId: A, name: 'doomed', criteria: VIP });
      expectProblem(await managerA('DELETE', `/api/v1/segments/${segment.id}`, undefined, { 'if-match': '"2"' }), 412);
      const res = await managerA('DELETE', `/api/v1/segments/${segment.id}`, undefined, { 'if-match': '"1"' });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expectProblem(await managerA('GET', `/api/v1/segments/${segment.id}`), 404);
      expectProblem(await managerA('DELETE', `/api/v1/segments/${segment.id}`), 404);
      const other = await create(managerA, { brandId: A, name: 'doomed too', criteria: VIP });
      expect((await managerA('DELETE', `/api/v1/segments/${other.id}`)).status).toBe(204);
    });

    it('answers 403 to a viewer and 404 to another brand, deleting nothing', async () => {
      const segment = await create(managerA, { brandId: A, name: 'kept', criteria: VIP });
      expectProblem(await viewerA('DELETE', `/api/v1/segments/${segment.id}`), 403);
      expectProblem(await managerB('DELETE', `/api/v1/segments/${segment.id}`), 404);
      expectProblem(await managerB('DELETE', `/api/v1/segments/${segment.id}`, undefined, { 'if-match': '"7"' }), 404);
      expect((await managerA('GET', `/api/v1/segments/${segment.id}`)).status).toBe(200);
    });
  });

  describe('GET /segments/predefined', () => {
    it('lists new_last_7_days, engaged and inactive_30_days with their criteria, to anyone of the service', async () => {
      const res = await viewerA('GET', '/api/v1/segments/predefined');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          expect.objectContaining({ id: 'new_last_7_days', criteria: all(c('createdAt', 'within_last_days', 7)) }),
          expect.objectContaining({ id: 'engaged', criteria: all(c('interactions', 'gte', 5)) }),
          expect.objectContaining({
            id: 'inactive_30_days',
            criteria: all(c('lastContactedAt', 'not_within_last_days', 30), c('createdAt', 'not_within_last_days', 30)),
          }),
        ],
        nextCursor: null,
      });
      expectFieldErrors(await viewerA('GET', '/api/v1/segments/predefined?brandId=x'), ['brandId']);
    });
  });

  describe('POST /segments/preview', () => {
    let vips: string[];
    beforeAll(async () => {
      const now = t.clock.now();
      const seeds = await seedLeads(t.dataSource, [
        ...Array.from({ length: 14 }, (_, i) => aLeadSeed({ brandId: A, tags: ['vip'], createdAt: new Date(now.getTime() - i * 60_000) })),
        aLeadSeed({ brandId: A, tags: ['vip'], optedOutChannels: ['sms'] }),
        aLeadSeed({ brandId: A, tags: ['vip'], doNotContact: true, optedOutChannels: ['call', 'whatsapp', 'telegram', 'email', 'sms'] }),
        aLeadSeed({ brandId: A, tags: ['vip'], phone: null }),
        aLeadSeed({ brandId: A, tags: ['vip'], email: null }),
        aLeadSeed({ brandId: A, tags: ['plain'] }),
        aLeadSeed({ brandId: A, region: "'; DROP TABLE leads; --" }),
        aLeadSeed({ brandId: A, region: 'back\\slash' }),
        aLeadSeed({ brandId: A, region: '100%' }),
        ...Array.from({ length: 5 }, () => aLeadSeed({ brandId: B, tags: ['vip'] })),
      ]);
      vips = seeds.filter((s) => s.brandId === A && s.tags.includes('vip')).map((s) => s.id);
    });

    it('counts the brand\'s matches and samples 10 of them newest first, in the lead representation', async () => {
      const res = await viewerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(vips.length);
      expect(res.body.excluded).toBeUndefined();
      expect(res.body.sample).toHaveLength(10);
      const createdAts = res.body.sample.map((l: { createdAt: string }) => l.createdAt);
      expect([...createdAts].sort().reverse()).toEqual(createdAts);
      for (const lead of res.body.sample) expect(vips).toContain(lead.id);
      expectDocumented('SegmentPreview', res.body);
      // The same representation as GET /leads/{id}.
      const [first] = res.body.sample;
      expect((await managerA('GET', `/api/v1/leads/${first.id}`)).body).toEqual(first);
    });

    it('with a channel, leaves out opted-out and unreachable leads and says how many', async () => {
      const sms = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP, channel: 'sms' });
      expect(sms.body).toMatchObject({ total: vips.length - 3, excluded: { optedOut: 2, unreachable: 1 } });
      const email = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP, channel: 'email' });
      expect(email.body).toMatchObject({ total: vips.length - 2, excluded: { optedOut: 1, unreachable: 1 } });
      const telegram = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP, channel: 'telegram' });
      expect(telegram.body).toMatchObject({ total: vips.length - 2, excluded: { optedOut: 1, unreachable: 1 } });
    });

    it('includes a lead created through the API', async () => {
      const lead = await createLead(managerA, { brandId: A, tags: ['api-made'] });
      const res = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: all(c('tags', 'contains_all', ['api-made'])) });
      expect(res.body.total).toBe(1);
      expect(res.body.sample).toEqual([lead]);
    });

    it('treats hostile values as plain text: exact matches only, the table intact', async () => {
      const count = async (value: string) => (await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: all(c('region', 'eq', value)) })).body.total;
      expect(await count("'; DROP TABLE leads; --")).toBe(1);
      expect(await count('back\\slash')).toBe(1);
      expect(await count('100%')).toBe(1);
      expect(await count('%')).toBe(0);
      expect(await count('\\')).toBe(0);
      expect(await leadsTableExists()).toBe(true);
      const injectedKey = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: all(c("customFields.x') OR 1=1 --", 'eq', 'a')) });
      expectFieldErrors(injectedKey, ['criteria.all[0].field']);
    });

    it('answers 400 naming every bad part, 403 for a brand the token does not hold', async () => {
      expectFieldErrors(await managerA('POST', '/api/v1/segments/preview', {
        brandId: A, criteria: all(c('score', 'gte', 'high'), c('lastContactedAt', 'eq', '2026-11-01')), channel: 'fax',
      }), ['criteria.all[0].value', 'criteria.all[1].op', 'channel']);
      expectFieldErrors(await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP, channel: null }), ['channel']);
      expectFieldErrors(await managerA('POST', '/api/v1/segments/preview', { brandId: A }), ['criteria']);
      expectFieldErrors(await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP, limit: 5 }), ['limit']);
      expectProblem(await managerA('POST', '/api/v1/segments/preview', { brandId: B, criteria: VIP }), 403, B);
      expectProblem(await viewerA('POST', '/api/v1/segments/preview', { brandId: B, criteria: VIP }), 403);
      expectProblem(await client(t.baseUrl)('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP }), 401);
      expectProblem(await managerA('POST', '/api/v1/segments/preview', '{"brandId":', { 'content-type': 'application/json' }), 400);
    });

    it('lets another brand see only its own leads', async () => {
      expect((await managerB('POST', '/api/v1/segments/preview', { brandId: B, criteria: VIP })).body.total).toBe(5);
    });

    it('replays the first answer for the same Idempotency-Key and body', async () => {
      const first = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP }, { 'idempotency-key': 'preview-1' });
      const again = await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: VIP }, { 'idempotency-key': 'preview-1' });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expectProblem(await managerA('POST', '/api/v1/segments/preview', { brandId: A, criteria: all(c('score', 'gte', 1)) }, { 'idempotency-key': 'preview-1' }), 422);
    });
  });
});
