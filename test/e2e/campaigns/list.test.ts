import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, expectFieldErrors, giveAudience, type CampaignRequest } from '../../support/campaign-requests.js';

const A = 'ls-alpha';
const B = 'ls-beta';

interface Item { id: string; brandId: string; name: string; description: string; status: string; type: string; objective: string; channel: string; createdAt: string }

describe('GET /api/v1/campaigns', () => {
  let t: TestApp;
  let manager: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  /** Every campaign created here, newest first (the list's order without q). */
  const all: Item[] = [];

  const ids = (items: Item[]) => items.map((i) => i.id);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const newestFirst = (items: Item[]) => [...items].sort((x, y) => cmp(y.createdAt, x.createdAt) || cmp(y.id, x.id));

  /** Follows nextCursor until the end; asserts each page's size. */
  async function walk(api: ReturnType<typeof client>, query: string, limit: number): Promise<Item[]> {
    const seen: Item[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await api('GET', `/api/v1/campaigns?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor === null) return seen;
      expect(res.body.items).toHaveLength(limit);
    }
    throw new Error('pagination did not end');
  }

  beforeAll(async () => {
    t = await startTestApp();
    manager = client(t.baseUrl, await t.token('brand_manager', [A]));
    admin = client(t.baseUrl, await t.token('admin'));
    const seeds: Array<[Partial<CampaignRequest>, string | null]> = [
      [{ brandId: A, name: 'Summer sale', description: 'beach', type: 'loyalty', objective: 'sales', channel: 'call' }, null],
      [{ brandId: A, name: 'Winter promo', description: 'the big summer recap', type: 'b2b', objective: 'engagement', channel: 'email' }, 'activate'],
      [{ brandId: A, name: 'SUMMER vip', description: '', type: 'loyalty', objective: 'conversion', channel: 'whatsapp' }, 'activate'],
      [{ brandId: A, name: '100% off', description: 'literal percent', type: 'mixed', objective: 'sales', channel: 'sms' }, 'cancel'],
      [{ brandId: A, name: 'snake_case name', description: 'underscore', type: 'influencer', objective: 'brand_awareness', channel: 'telegram' }, null],
      [{ brandId: A, name: 'Autumn', description: 'Summertime memories', type: 'affiliation', objective: 'lead_generation', channel: 'call' }, 'pause'],
      [{ brandId: A, name: '1000 offers', description: 'no percent here', type: 'mixed', objective: 'sales', channel: 'sms' }, null],
      [{ brandId: A, name: 'snakeXcase name', description: 'no underscore', type: 'influencer', objective: 'sales', channel: 'telegram' }, null],
      [{ brandId: B, name: 'Summer beta', description: 'other brand', type: 'loyalty', objective: 'sales', channel: 'call' }, 'activate'],
      [{ brandId: B, name: 'Beta winter', description: '', type: 'b2b', objective: 'sales', channel: 'email' }, null],
    ];
    for (const [body, action] of seeds) {
      t.clock.advance(1000); // distinct createdAt: the list is newest first
      const created = await admin('POST', '/api/v1/campaigns', aCampaign(body));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      let item = created.body;
      if (action) await giveAudience(t, admin, item.id, item.brandId);
      if (action) item = (await admin('POST', `/api/v1/campaigns/${item.id}/activate`)).body;
      if (action === 'cancel') item = (await admin('POST', `/api/v1/campaigns/${item.id}/cancel`)).body;
      if (action === 'pause') item = (await admin('POST', `/api/v1/campaigns/${item.id}/pause`)).body;
      all.push(item);
    }
    all.splice(0, all.length, ...newestFirst(all));
  });
  afterAll(async () => { await t.close(); });

  const ofBrand = (brand: string) => all.filter((c) => c.brandId === brand);

  it('lists a brand manager\'s brands only, newest first, in the envelope of API.md', async () => {
    const res = await manager('GET', '/api/v1/campaigns');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
    expect(res.body.nextCursor).toBeNull();
    expect(ids(res.body.items)).toEqual(ids(ofBrand(A)));
    // Items are full representations, the same as GET /{id}.
    const one = await manager('GET', `/api/v1/campaigns/${res.body.items[0].id}`);
    expect(res.body.items[0]).toEqual(one.body);
  });

  it('lets an admin see every brand, and narrow with brandId', async () => {
    expect(ids((await admin('GET', '/api/v1/campaigns')).body.items)).toEqual(ids(all));
    expect(ids((await admin('GET', `/api/v1/campaigns?brandId=${B}`)).body.items)).toEqual(ids(ofBrand(B)));
  });

  it('gives a brand manager nothing of a brand it does not hold, even when asked by brandId', async () => {
    expect((await manager('GET', `/api/v1/campaigns?brandId=${B}`)).body).toEqual({ items: [], nextCursor: null });
    const nobody = client(t.baseUrl, await t.token('brand_manager', []));
    expect((await nobody('GET', '/api/v1/campaigns')).body).toEqual({ items: [], nextCursor: null });
    const viewer = client(t.baseUrl, await t.token('viewer', [B]));
    expect(ids((await viewer('GET', '/api/v1/campaigns')).body.items)).toEqual(ids(ofBrand(B)));
  });

  it('lets a manager of several brands see all of them', async () => {
    const both = client(t.baseUrl, await t.token('brand_manager', [A, B]));
    expect(ids((await both('GET', '/api/v1/campaigns')).body.items)).toEqual(ids(all));
  });

  it.each([
    ['status', 'active'], ['status', 'draft'], ['status', 'cancelled'], ['status', 'paused'],
    ['type', 'loyalty'], ['type', 'mixed'], ['objective', 'sales'], ['objective', 'conversion'],
    ['channel', 'telegram'], ['channel', 'call'],
  ] as const)('filters by %s=%s', async (field, value) => {
    const expected = all.filter((c) => c[field] === value);
    expect(expected.length).toBeGreaterThan(0);
    const res = await admin('GET', `/api/v1/campaigns?${field}=${value}`);
    expect(ids(res.body.items)).toEqual(ids(expected));
  });

  it('filters by active=true (status active) and combines filters with AND', async () => {
    const active = all.filter((c) => c.status === 'active');
    expect(ids((await admin('GET', '/api/v1/campaigns?active=true')).body.items)).toEqual(ids(active));
    expect(ids((await admin('GET', '/api/v1/campaigns?active=true&status=active')).body.items)).toEqual(ids(active));
    expect(ids((await admin('GET', `/api/v1/campaigns?active=true&brandId=${A}`)).body.items)).toEqual(ids(active.filter((c) => c.brandId === A)));
    expect(ids((await admin('GET', '/api/v1/campaigns?active=false')).body.items)).toEqual(ids(all));
    const combo = all.filter((c) => c.type === 'mixed' && c.channel === 'sms' && c.status === 'draft');
    expect(combo).toHaveLength(1);
    expect(ids((await admin('GET', '/api/v1/campaigns?type=mixed&channel=sms&status=draft')).body.items)).toEqual(ids(combo));
  });

  it('searches with q case-insensitively: name matches first, then description-only matches', async () => {
    const res = await manager('GET', '/api/v1/campaigns?q=summer');
    const inName = ofBrand(A).filter((c) => c.name.toLowerCase().includes('summer'));
    const inDescriptionOnly = ofBrand(A).filter((c) => !c.name.toLowerCase().includes('summer') && c.description.toLowerCase().includes('summer'));
    expect(inName.length).toBe(2);
    expect(inDescriptionOnly.length).toBe(2);
    expect(ids(res.body.items)).toEqual([...ids(inName), ...ids(inDescriptionOnly)]);
  });

  it('treats % and _ in q literally', async () => {
    const percent = await manager('GET', `/api/v1/campaigns?q=${encodeURIComponent('0%')}`);
    expect(percent.body.items.map((i: Item) => i.name)).toEqual(['100% off']);
    const underscore = await manager('GET', '/api/v1/campaigns?q=e_c');
    expect(underscore.body.items.map((i: Item) => i.name)).toEqual(['snake_case name']);
    const backslash = await manager('GET', `/api/v1/campaigns?q=${encodeURIComponent('\\')}`);
    expect(backslash.body.items).toEqual([]);
  });

  it('combines q with the other filters', async () => {
    const res = await admin('GET', '/api/v1/campaigns?q=summer&status=active');
    expect(res.body.items.map((i: Item) => i.name)).toEqual(
      [...all.filter((c) => c.status === 'active' && /summer/i.test(c.name)), ...all.filter((c) => c.status === 'active' && !/summer/i.test(c.name) && /summer/i.test(c.description))].map((c) => c.name),
    );
  });

  describe('cursor pagination', () => {
    it('walks every item exactly once, in list order, with limit=2', async () => {
      const walked = await walk(admin, '', 2);
      expect(ids(walked)).toEqual(ids(all));
      expect(new Set(ids(walked)).size).toBe(all.length);
    });

    it('walks a filtered list and a q search across the name/description boundary', async () => {
      expect(ids(await walk(manager, '', 2))).toEqual(ids(ofBrand(A)));
      const unpaged = (await manager('GET', '/api/v1/campaigns?q=summer')).body.items;
      expect(ids(await walk(manager, 'q=summer', 1))).toEqual(ids(unpaged));
      expect(ids(await walk(manager, 'q=summer', 3))).toEqual(ids(unpaged));
      expect(ids(await walk(admin, 'objective=sales', 2))).toEqual(ids(all.filter((c) => c.objective === 'sales')));
    });

    it('breaks createdAt ties by id, so campaigns created in the same instant are each served once', async () => {
      const C = 'ls-gamma';
      const same: Item[] = [];
      for (let i = 0; i < 5; i++) same.push((await admin('POST', '/api/v1/campaigns', aCampaign({ brandId: C, name: `tie ${i}` }))).body);
      expect(new Set(same.map((c) => c.createdAt)).size).toBe(1);
      const walked = await walk(admin, `brandId=${C}`, 2);
      expect(ids(walked)).toEqual([...ids(same)].sort().reverse());
      all.splice(0, all.length, ...newestFirst([...all, ...same]));
    });

    it('ends with nextCursor null when the last page is exactly full', async () => {
      const res = await admin('GET', `/api/v1/campaigns?limit=${all.length}`);
      expect(res.body.items).toHaveLength(all.length);
      expect(res.body.nextCursor).toBeNull();
    });

    it('does not skip or repeat items created while walking', async () => {
      const first = await manager('GET', '/api/v1/campaigns?limit=2');
      t.clock.advance(1000);
      const late = (await manager('POST', '/api/v1/campaigns', aCampaign({ brandId: A, name: 'late arrival' }))).body;
      let cursor = first.body.nextCursor;
      const rest: Item[] = [];
      while (cursor) {
        const page = await manager('GET', `/api/v1/campaigns?limit=2&cursor=${encodeURIComponent(cursor)}`);
        rest.push(...page.body.items);
        cursor = page.body.nextCursor;
      }
      // The newcomer sorts before the cursor position, so a walk already under way does not see it.
      expect([...ids(first.body.items), ...ids(rest)]).toEqual(ids(ofBrand(A)));
      expect(ids((await manager('GET', '/api/v1/campaigns?limit=1')).body.items)).toEqual([late.id]);
      await admin('POST', `/api/v1/campaigns/${late.id}/cancel`);
      all.unshift({ ...late, status: 'cancelled' });
    });
  });

  describe('invalid parameters answer 400 naming the parameter', () => {
    it.each([
      ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['limit=-1', 'limit'], ['limit=1.5', 'limit'], ['limit=', 'limit'],
      ['cursor=garbage', 'cursor'], [`cursor=${Buffer.from('{"rank":0}').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('{"rank":2,"createdAt":"2026-01-01T00:00:00.000Z","id":"0193aaaa-0000-7000-8000-000000000000"}').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('{"rank":0,"createdAt":"yesterday","id":"0193aaaa-0000-7000-8000-000000000000"}').toString('base64url')}`, 'cursor'],
      ['status=running', 'status'], ['type=podcast', 'type'], ['objective=fame', 'objective'], ['channel=fax', 'channel'],
      ['active=yes', 'active'], ['active=true&status=draft', 'active'], ['q=', 'q'], [`q=${'x'.repeat(201)}`, 'q'],
      ['sort=name', 'sort'], ['status=active&status=draft', 'status'],
    ])('%s', async (query, field) => {
      expectFieldErrors(await manager('GET', `/api/v1/campaigns?${query}`), [field]);
    });

    it('reports every bad parameter at once', async () => {
      expectFieldErrors(await manager('GET', '/api/v1/campaigns?status=x&type=y&channel=z'), ['status', 'type', 'channel']);
    });

    it('accepts the limit bounds 1 and 500', async () => {
      expect((await admin('GET', '/api/v1/campaigns?limit=1')).body.items).toHaveLength(1);
      expect((await admin('GET', '/api/v1/campaigns?limit=500')).status).toBe(200);
    });
  });
});
