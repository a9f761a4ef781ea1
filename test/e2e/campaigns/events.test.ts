import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aFullCampaign, aSchedule, expectFieldErrors, expectProblem, giveAudience, ISO_UTC, UUID } from '../../support/campaign-requests.js';
import { aLeadSeed, seedLeads, seedReachableLeads } from '../../support/lead-seeds.js';

const BRAND = 'ev-brand';
const SUB = 'ev-manager-42';

interface EventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  brand_id: string;
  payload: any;
  metadata: { correlationId: string; causationId: string | null; actor: { sub: string; role: string } };
  occurred_at: Date;
}

describe('domain events of campaign actions', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND], SUB));
  });
  afterAll(async () => { await t.close(); });

  const log = async (id: string): Promise<EventRow[]> =>
    t.dataSource.query(`SELECT * FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id]);

  /** Sends a request with a fresh X-Correlation-Id and returns both. */
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const correlationId = `corr-ev-${++n}`;
    const res = await api(method, path, body, { 'x-correlation-id': correlationId, ...headers });
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    return { res, correlationId };
  }

  /** Asserts the log's last event is the one this action just wrote, and returns it. */
  async function expectLastEvent(id: string, type: string, correlationId: string, expectedCount: number): Promise<EventRow> {
    const rows = await log(id);
    expect(rows.map((r) => r.aggregate_version)).toEqual(Array.from({ length: expectedCount }, (_, i) => i + 1));
    const last = rows[rows.length - 1]!;
    expect(last).toMatchObject({
      event_type: type,
      // CampaignScheduled is at its schemaVersion 2 (the schedule nested), every other type at 1.
      schema_version: type === 'CampaignScheduled' ? 2 : 1,
      aggregate_type: 'Campaign',
      aggregate_id: id,
      brand_id: BRAND,
      metadata: { correlationId, causationId: null, actor: { sub: SUB, role: 'brand_manager' } },
    });
    expect(last.event_id).toMatch(UUID);
    expect(last.occurred_at.toISOString()).toBe(t.clock.now().toISOString());
    // The state row and the log agree on the version: both were written in one transaction.
    const [row] = await t.dataSource.query(`SELECT version FROM campaigns WHERE id = $1`, [id]);
    if (row) expect(row.version).toBe(expectedCount);
    return last;
  }

  it('records one event per action with consecutive versions, actor, correlation id and meaningful data', async () => {
    const now = t.clock.now();
    const body = aFullCampaign({ brandId: BRAND });
    const created = await send('POST', '/api/v1/campaigns', body);
    const id = created.res.body.id;
    const path = `/api/v1/campaigns/${id}`;

    const e1 = await expectLastEvent(id, 'CampaignCreated', created.correlationId, 1);
    expect(e1.payload).toMatchObject({
      id, brandId: BRAND, name: body.name, description: body.description, type: body.type, objective: body.objective, channel: body.channel,
      status: 'draft', callingWindow: body.callingWindow, retryPolicy: body.retryPolicy, budget: { amount: '1500.50', currency: 'USD' },
      maxPerDay: body.maxPerDay, priority: body.priority, scriptTemplate: body.scriptTemplate, schedule: null,
      createdAt: now.toISOString(),
    });

    t.clock.advance(1000);
    const updated = await send('PATCH', path, { name: 'Renamed', budget: { amount: '2000', currency: 'USD' }, priority: body.priority });
    const e2 = await expectLastEvent(id, 'CampaignUpdated', updated.correlationId, 2);
    // Only the fields that really changed, with their previous values.
    expect(e2.payload).toEqual({
      changes: { name: 'Renamed', budget: { amount: '2000.00', currency: 'USD' } },
      previous: { name: body.name, budget: { amount: '1500.50', currency: 'USD' } },
    });

    t.clock.advance(1000);
    const schedule = aSchedule(t.clock.now(), 60, 120);
    const scheduled = await send('POST', `${path}/schedule`, schedule);
    expect((await expectLastEvent(id, 'CampaignScheduled', scheduled.correlationId, 3)).payload).toEqual({ schedule, previousStatus: 'draft' });

    t.clock.advance(1000);
    // Three reachable leads, one opted out of calls and one without a phone: the counts come from the snapshot.
    const reachable = await seedReachableLeads(t.dataSource, BRAND, 3);
    const excluded = await seedLeads(t.dataSource, [
      aLeadSeed({ brandId: BRAND, optedOutChannels: ['call'] }),
      aLeadSeed({ brandId: BRAND, phone: null }),
    ]);
    const audience = await send('POST', `${path}/audience`, { leadIds: [...reachable, ...excluded.map((l) => l.id)], priority: 8 });
    expect(audience.res.body).toEqual({ added: 3, alreadyPresent: 0, excluded: { optedOut: 1, unreachable: 1 }, notFound: 0 });
    expect((await expectLastEvent(id, 'CampaignAudienceAdded', audience.correlationId, 4)).payload).toEqual({
      source: { type: 'leadIds', requested: 5, notFound: 0 },
      priority: 8,
      added: 3,
      alreadyPresent: 0,
      excluded: { optedOut: 1, unreachable: 1 },
      totalContacts: 3,
      pending: 3,
    });

    t.clock.advance(1000);
    const activated = await send('POST', `${path}/activate`);
    expect((await expectLastEvent(id, 'CampaignActivated', activated.correlationId, 5)).payload).toEqual({ reason: 'manual', previousStatus: 'scheduled' });

    t.clock.advance(1000);
    const removed = await send('DELETE', `${path}/audience/${reachable[0]}`);
    expect(removed.res.status).toBe(204);
    expect((await expectLastEvent(id, 'CampaignAudienceRemoved', removed.correlationId, 6)).payload).toEqual({ leadId: reachable[0], totalContacts: 2, pending: 2 });

    t.clock.advance(1000);
    const paused = await send('POST', `${path}/pause`, { reason: 'stock ran out' });
    expect((await expectLastEvent(id, 'CampaignPaused', paused.correlationId, 7)).payload).toEqual({ reason: 'stock ran out' });

    t.clock.advance(1000);
    const metrics = await send('POST', `${path}/metrics`, { salesCount: 3, salesAmount: { increment: '10.5' } });
    expect((await expectLastEvent(id, 'CampaignMetricsUpdated', metrics.correlationId, 8)).payload).toEqual({
      changes: { salesCount: { set: 3 }, salesAmount: { increment: '10.50' } },
      metrics: { salesCount: 3, salesAmount: '10.50', engagement: 0, budgetSpent: '0.00' },
    });

    t.clock.advance(1000);
    const resumed = await send('POST', `${path}/resume`);
    expect((await expectLastEvent(id, 'CampaignResumed', resumed.correlationId, 9)).payload).toEqual({});

    t.clock.advance(1000);
    const finished = await send('POST', `${path}/finish`);
    expect((await expectLastEvent(id, 'CampaignFinished', finished.correlationId, 10)).payload).toEqual({ reason: 'manual', previousStatus: 'active' });
  });

  it('records CampaignCancelled with its reason and the status it left', async () => {
    const created = await send('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    const id = created.res.body.id;
    await giveAudience(t, api, id, BRAND);
    await send('POST', `/api/v1/campaigns/${id}/activate`);
    const cancelled = await send('POST', `/api/v1/campaigns/${id}/cancel`, { reason: 'brand withdrew' });
    expect((await expectLastEvent(id, 'CampaignCancelled', cancelled.correlationId, 4)).payload).toEqual({ reason: 'brand withdrew', previousStatus: 'active' });
  });

  it('records CampaignDeleted in the same log, which survives the row', async () => {
    const created = await send('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    const id = created.res.body.id;
    const deleted = await send('DELETE', `/api/v1/campaigns/${id}`);
    expect(deleted.res.status).toBe(204);
    expect((await expectLastEvent(id, 'CampaignDeleted', deleted.correlationId, 2)).payload).toEqual({});
  });

  it('records nothing for refused requests (400, 404, 409, 412, 403)', async () => {
    const created = await send('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    const id = created.res.body.id;
    const before = await log(id);
    expectFieldErrors((await send('PATCH', `/api/v1/campaigns/${id}`, { priority: 0 })).res, ['priority']);
    expectProblem((await send('POST', `/api/v1/campaigns/${id}/pause`)).res, 409);
    expectProblem((await send('PATCH', `/api/v1/campaigns/${id}`, { name: 'x' }, { 'if-match': '"9"' })).res, 412);
    const viewer = client(t.baseUrl, await t.token('viewer', [BRAND]));
    expectProblem(await viewer('POST', `/api/v1/campaigns/${id}/activate`), 403);
    expect(await log(id)).toEqual(before);
  });

  it('generates a correlation id when none (or an unusable one) is sent, echoes it and records it', async () => {
    const res = await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    const generated = res.headers.get('x-correlation-id');
    expect(generated).toMatch(UUID);
    expect((await log(res.body.id))[0]!.metadata.correlationId).toBe(generated);

    const bad = await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }), { 'x-correlation-id': 'has spaces and ünïcode' });
    const replaced = bad.headers.get('x-correlation-id');
    expect(replaced).toMatch(UUID);
    expect((await log(bad.body.id))[0]!.metadata.correlationId).toBe(replaced);
  });

  it('records the admin actor as such', async () => {
    const admin = client(t.baseUrl, await t.token('admin', [], 'root-1'));
    const res = await admin('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    expect((await log(res.body.id))[0]!.metadata.actor).toEqual({ sub: 'root-1', role: 'admin' });
  });

  describe('GET /api/v1/campaigns/{id}/events', () => {
    let id: string;
    beforeAll(async () => {
      const created = await send('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
      id = created.res.body.id;
      const path = `/api/v1/campaigns/${id}`;
      for (let i = 1; i <= 3; i++) await send('PATCH', path, { priority: i });
      await giveAudience(t, api, id, BRAND);
      await send('POST', `${path}/activate`);
      await send('POST', `${path}/pause`, { reason: 'r' });
      await send('POST', `${path}/resume`);
    });

    it('returns the history oldest first, matching domain_events', async () => {
      const res = await api('GET', `/api/v1/campaigns/${id}/events`);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      const rows = await log(id);
      expect(res.body.items).toEqual(rows.map((r) => ({
        eventId: r.event_id,
        eventType: r.event_type,
        schemaVersion: r.schema_version,
        aggregateVersion: r.aggregate_version,
        occurredAt: r.occurred_at.toISOString(),
        correlationId: r.metadata.correlationId,
        causationId: null,
        actor: { sub: SUB, role: 'brand_manager' },
        data: r.payload,
      })));
      expect(res.body.items.map((e: { eventType: string }) => e.eventType)).toEqual([
        'CampaignCreated', 'CampaignUpdated', 'CampaignUpdated', 'CampaignUpdated', 'CampaignAudienceAdded', 'CampaignActivated', 'CampaignPaused',
        'CampaignResumed',
      ]);
      for (const e of res.body.items) expect(e.occurredAt).toMatch(ISO_UTC);
    });

    it('pages with a cursor: limit=2 walks every event exactly once, in order', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await api('GET', `/api/v1/campaigns/${id}/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((e: { aggregateVersion: number }) => e.aggregateVersion));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(pages).toBe(4);
    });

    it('is readable by a viewer of the brand, and 404 for other brands, unknown and non-UUID ids', async () => {
      const viewer = client(t.baseUrl, await t.token('viewer', [BRAND]));
      expect((await viewer('GET', `/api/v1/campaigns/${id}/events`)).body.items).toHaveLength(8);
      const stranger = client(t.baseUrl, await t.token('brand_manager', ['ev-other']));
      expectProblem(await stranger('GET', `/api/v1/campaigns/${id}/events`), 404);
      expectProblem(await api('GET', '/api/v1/campaigns/0193aaaa-0000-7000-8000-00000000ffff/events'), 404);
      expectProblem(await api('GET', '/api/v1/campaigns/xyz/events'), 404);
    });

    it('rejects bad limit and cursor values with 400', async () => {
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${id}/events?limit=0`), ['limit']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${id}/events?limit=501`), ['limit']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${id}/events?cursor=nope`), ['cursor']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${id}/events?cursor=${Buffer.from('{"v":-1}').toString('base64url')}`), ['cursor']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${id}/events?type=CampaignPaused`), ['type']);
    });
  });
});
