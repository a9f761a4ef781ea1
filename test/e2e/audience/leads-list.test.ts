import { client, startTestApp, type ApiResponse, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors } from '../../support/campaign-requests.js';
import { createLead, expectDocumented, type LeadRequest } from '../../support/lead-requests.js';

const A = 'll-alpha';
const B = 'll-beta';

interface Item { id: string; brandId: string; createdAt: string }

describe('GET /api/v1/leads', () => {
  let t: TestApp;
  let manager: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  const byName: Record<string, Item> = {};
  /** Every lead of brand A, newest first (the list's order). */
  let allOfA: string[] = [];

  const names = (items: Item[]) => items.map((i) => Object.keys(byName).find((n) => byName[n]!.id === i.id));
  async function list(api: ReturnType<typeof client>, query: string): Promise<Item[]> {
    const res = await api('GET', `/api/v1/leads?${query}`);
    if (res.status !== 200) throw new Error(`list answered ${res.status}: ${JSON.stringify(res.body)}`);
    expectDocumented('LeadList', res.body);
    return res.body.items;
  }

  /** Follows nextCursor until the end; asserts each page's size. */
  async function walk(api: ReturnType<typeof client>, query: string, limit: number): Promise<Item[]> {
    const seen: Item[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: ApiResponse = await api('GET', `/api/v1/leads?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
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
    const seeds: Array<[string, Partial<LeadRequest>]> = [
      ['ana', { brandId: A, firstName: 'Ana', lastName: 'Pérez', email: 'ana@example.com', phone: '+57 300 111 2233', stage: 'new', tags: ['vip', 'gold'], assignedTo: 'agent-1' }],
      ['bruno', { brandId: A, firstName: 'Bruno', lastName: 'Díaz', email: 'bruno@corp.example', phone: '+57 310 444 5566', stage: 'profiling', tags: ['gold'] }],
      ['carla', { brandId: A, firstName: 'Carla', lastName: 'Ana', phone: '+52 55 1234 5678', stage: 'profiling', tags: ['VIP'], assignedTo: 'agent-2' }],
      ['dario', { brandId: A, firstName: 'Darío', lastName: 'Luna', phone: null, email: 'd100%@example.com', stage: 'won', assignedTo: 'agent-1' }],
      ['elena', { brandId: A, firstName: 'Elena', lastName: 'Ruiz', phone: '+1 212 555 0101', email: 'elena_r@example.com', stage: 'new' }],
      ['beta', { brandId: B, firstName: 'Ana', lastName: 'Beta', phone: '+57 300 111 2233', stage: 'new', tags: ['vip'], assignedTo: 'agent-1' }],
    ];
    for (const [name, body] of seeds) {
      byName[name] = await createLead(name === 'beta' ? admin : manager, body);
      t.clock.advance(1000);
    }
    allOfA = ['elena', 'dario', 'carla', 'bruno', 'ana'];
  });
  afterAll(async () => { await t.close(); });

  it('lists the token\'s brands, newest first', async () => {
    expect(names(await list(manager, ''))).toEqual(allOfA);
    expect(names(await list(admin, `brandId=${A}`))).toEqual(allOfA);
    expect(names(await list(admin, ''))).toEqual(['beta', ...allOfA]);
  });

  it('yields an empty list for a brand the token does not hold', async () => {
    expect(await list(manager, `brandId=${B}`)).toEqual([]);
  });

  it.each([
    ['stage=profiling', ['carla', 'bruno']],
    ['stage=won', ['dario']],
    ['tag=gold', ['bruno', 'ana']],
    ['tag=vip', ['ana']],
    ['tag=VIP', ['carla']],
    ['assignedTo=agent-1', ['dario', 'ana']],
    ['assignedTo=none', ['elena', 'bruno']],
    ['stage=new&tag=vip&assignedTo=agent-1', ['ana']],
    ['q=ana', ['carla', 'ana']],
    ['q=ANA%20P', ['ana']],
    ['q=corp.example', ['bruno']],
    ['q=100%25', ['dario']],
    ['q=_r', ['elena']],
    ['q=300%20111', ['ana']],
    ['q=(212)%20555', ['elena']],
    ['q=%2B52', ['carla']],
    ['q=nobody', []],
  ])('filters by %s', async (query, expected) => {
    expect(names(await list(manager, query))).toEqual(expected);
  });

  it('pages with a cursor, every lead once, in order, with the filters kept', async () => {
    expect(names(await walk(manager, '', 2))).toEqual(allOfA);
    expect(names(await walk(manager, 'stage=profiling', 1))).toEqual(['carla', 'bruno']);
    const first = await manager('GET', '/api/v1/leads?limit=5');
    expect(first.body.nextCursor).toBeNull();
  });

  it('reports every bad query parameter', async () => {
    expectFieldErrors(await manager('GET', '/api/v1/leads?stage=closed&limit=0&colour=red&q='), ['stage', 'limit', 'colour', 'q']);
    expectFieldErrors(await manager('GET', '/api/v1/leads?tag=a&tag=b'), ['tag']);
    expectFieldErrors(await manager('GET', '/api/v1/leads?cursor=not-a-cursor'), ['cursor']);
  });
});
