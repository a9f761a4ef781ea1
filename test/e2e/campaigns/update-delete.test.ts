import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, aFullCampaign, aSchedule, createCampaignIn, expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';

const BRAND = 'ud-brand';

describe('PATCH and DELETE /api/v1/campaigns/{id}', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const create = async (overrides = {}) => (await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND, ...overrides }))).body;
  const eventCount = async (id: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = $1`, [id]))[0].n as number;

  describe('PATCH', () => {
    it('changes only the fields sent, bumps the version and answers the new representation with its ETag', async () => {
      const before = await create();
      t.clock.advance(60_000);
      const changes = {
        name: 'Cyber Monday',
        description: 'new text',
        type: 'mixed',
        objective: 'conversion',
        channel: 'whatsapp',
        callingWindow: { start: '10:00', end: '20:00', days: ['sat', 'sun'], timezone: 'UTC' },
        retryPolicy: { maxRetries: 0, retryDelayMinutes: 10080 },
        budget: { amount: '99.99', currency: 'EUR' },
        maxPerDay: 1,
        priority: 10,
        scriptTemplate: 'Hi {{firstName}}',
      };
      const res = await api('PATCH', `/api/v1/campaigns/${before.id}`, changes);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      expect(res.body).toEqual({ ...before, ...changes, version: 2, updatedAt: t.clock.now().toISOString() });
      const read = await api('GET', `/api/v1/campaigns/${before.id}`);
      expect(read.body).toEqual(res.body);
      expect(read.headers.get('etag')).toBe('"2"');
    });

    it('clears nullable fields with null', async () => {
      const before = await create({ schedule: aSchedule(t.clock.now()) });
      const res = await api('PATCH', `/api/v1/campaigns/${before.id}`, { budget: null, callingWindow: null, maxPerDay: null, scriptTemplate: null, schedule: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ budget: null, callingWindow: null, maxPerDay: null, scriptTemplate: null, schedule: null, version: 2 });
    });

    it('rejects null for fields that cannot be empty', async () => {
      const before = await create();
      expectFieldErrors(await api('PATCH', `/api/v1/campaigns/${before.id}`, { name: null, type: null, priority: null, retryPolicy: null }), ['name', 'type', 'priority', 'retryPolicy']);
      expect((await api('GET', `/api/v1/campaigns/${before.id}`)).body).toEqual(before);
    });

    it('keeps the version and records no event when nothing really changes', async () => {
      const before = await create();
      const res = await api('PATCH', `/api/v1/campaigns/${before.id}`, { name: before.name, priority: before.priority, callingWindow: before.callingWindow });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(before);
      expect(await eventCount(before.id)).toBe(1);
      expect((await api('PATCH', `/api/v1/campaigns/${before.id}`, {})).body.version).toBe(1);
    });

    it('works in scheduled and paused, and keeps a scheduled campaign from losing its schedule', async () => {
      const scheduled = await createCampaignIn(t, api, 'scheduled', { brandId: BRAND });
      expect((await api('PATCH', `/api/v1/campaigns/${scheduled.id}`, { priority: 9 })).body).toMatchObject({ status: 'scheduled', priority: 9, version: scheduled.version + 1 });
      expectFieldErrors(await api('PATCH', `/api/v1/campaigns/${scheduled.id}`, { schedule: null }), ['schedule']);
      const paused = await createCampaignIn(t, api, 'paused', { brandId: BRAND });
      expect((await api('PATCH', `/api/v1/campaigns/${paused.id}`, { maxPerDay: 20 })).body).toMatchObject({ status: 'paused', maxPerDay: 20 });
    });

    it('lets a paused campaign whose start has passed move its end, but not set a new start in the past', async () => {
      const campaign = await createCampaignIn(t, api, 'scheduled', { brandId: BRAND });
      const { startAt } = campaign.schedule;
      t.clock.set(new Date(new Date(startAt).getTime() + 60_000));
      await api('POST', `/api/v1/campaigns/${campaign.id}/activate`);
      await api('POST', `/api/v1/campaigns/${campaign.id}/pause`);
      const now = t.clock.now();
      const newEnd = new Date(now.getTime() + 48 * 3600_000).toISOString();
      const moved = await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { schedule: { startAt, endAt: newEnd } });
      expect(moved.status).toBe(200);
      expect(moved.body.schedule).toEqual({ startAt, endAt: newEnd });
      const earlier = new Date(new Date(startAt).getTime() - 60_000).toISOString();
      expectFieldErrors(await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { schedule: { startAt: earlier, endAt: newEnd } }), ['schedule.startAt']);
      expectFieldErrors(await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { schedule: { startAt, endAt: new Date(now.getTime() - 1000).toISOString() } }), ['schedule.endAt']);
    });

    it.each(['active', 'finished', 'cancelled'] as const)('answers 409 in %s, naming the status and the action', async (status) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: BRAND });
      const problem = expectProblem(await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'nope' }), 409);
      expect(problem.detail).toContain(status);
      expect(problem.detail).toMatch(/update/i);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
    });

    it('rejects fields the client does not own (status, metrics, version, brandId, id, timestamps) and changes nothing', async () => {
      const before = await create();
      const res = await api('PATCH', `/api/v1/campaigns/${before.id}`, {
        name: 'would be fine', status: 'active', metrics: { salesCount: 10 }, version: 7, brandId: 'other', id: before.id,
        createdAt: before.createdAt, cancelReason: 'x',
      });
      expectFieldErrors(res, ['status', 'metrics', 'version', 'brandId', 'id', 'createdAt', 'cancelReason']);
      expect((await api('GET', `/api/v1/campaigns/${before.id}`)).body).toEqual(before);
    });

    describe('If-Match', () => {
      it('applies the change when it names the current version, or *', async () => {
        const before = await create();
        const first = await api('PATCH', `/api/v1/campaigns/${before.id}`, { priority: 1 }, { 'if-match': '"1"' });
        expect(first.status).toBe(200);
        expect(first.body.version).toBe(2);
        const any = await api('PATCH', `/api/v1/campaigns/${before.id}`, { priority: 3 }, { 'if-match': '*' });
        expect(any.status).toBe(200);
        expect(any.body.version).toBe(3);
      });

      it('compares strongly: a weak tag of the current version answers 412 (RFC 9110)', async () => {
        const before = await create();
        expectProblem(await api('PATCH', `/api/v1/campaigns/${before.id}`, { priority: 2 }, { 'if-match': 'W/"1"' }), 412);
        expect((await api('GET', `/api/v1/campaigns/${before.id}`)).body).toEqual(before);
      });

      it('answers 412 and changes nothing for a stale or foreign entity tag', async () => {
        const before = await create();
        await api('PATCH', `/api/v1/campaigns/${before.id}`, { priority: 1 });
        const current = (await api('GET', `/api/v1/campaigns/${before.id}`)).body;
        for (const tag of ['"1"', '"3"', '"abc"', '1']) {
          const res = await api('PATCH', `/api/v1/campaigns/${before.id}`, { name: 'stale write' }, { 'if-match': tag });
          expect({ tag, status: res.status }).toEqual({ tag, status: 412 });
          expectProblem(res, 412);
        }
        expect((await api('GET', `/api/v1/campaigns/${before.id}`)).body).toEqual(current);
      });

      it('is checked on the action routes too', async () => {
        const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND });
        expectProblem(await api('POST', `/api/v1/campaigns/${campaign.id}/activate`, undefined, { 'if-match': '"5"' }), 412);
        expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.status).toBe('draft');
        expect((await api('POST', `/api/v1/campaigns/${campaign.id}/activate`, undefined, { 'if-match': `"${campaign.version}"` })).body.status).toBe('active');
      });
    });
  });

  describe('DELETE', () => {
    it('deletes a draft: 204 with no body, then 404; its events stay readable at /events', async () => {
      const campaign = await create();
      await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'renamed before delete' });
      const res = await api('DELETE', `/api/v1/campaigns/${campaign.id}`);
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();

      expectProblem(await api('GET', `/api/v1/campaigns/${campaign.id}`), 404);
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}`), 404);
      expectProblem(await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'ghost' }), 404);
      const rows = await t.dataSource.query(`SELECT 1 FROM campaigns WHERE id = $1`, [campaign.id]);
      expect(rows).toHaveLength(0);

      const events = await api('GET', `/api/v1/campaigns/${campaign.id}/events`);
      expect(events.status).toBe(200);
      expect(events.body.items.map((e: { eventType: string; aggregateVersion: number }) => [e.eventType, e.aggregateVersion])).toEqual([
        ['CampaignCreated', 1], ['CampaignUpdated', 2], ['CampaignDeleted', 3],
      ]);
      // Still scoped by brand after the row is gone.
      const stranger = client(t.baseUrl, await t.token('brand_manager', ['ud-other']));
      expectProblem(await stranger('GET', `/api/v1/campaigns/${campaign.id}/events`), 404);
    });

    it.each(['scheduled', 'active', 'paused', 'finished', 'cancelled'] as const)('answers 409 for a %s campaign and keeps it', async (status) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: BRAND });
      const problem = expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}`), 409);
      expect(problem.detail).toContain(status);
      expect(problem.detail).toMatch(/delete/i);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
    });

    it('honours If-Match: 412 on a stale version, 204 on the current one', async () => {
      const campaign = await create();
      await api('PATCH', `/api/v1/campaigns/${campaign.id}`, { priority: 2 });
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}`, undefined, { 'if-match': '"1"' }), 412);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).status).toBe(200);
      expect((await api('DELETE', `/api/v1/campaigns/${campaign.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
    });

    it('answers 404 for a non-UUID id', async () => {
      expectProblem(await api('DELETE', '/api/v1/campaigns/nope'), 404);
    });
  });

  it('does not let a PATCH move brandId even as admin', async () => {
    const campaign = await create();
    const admin = client(t.baseUrl, await t.token('admin'));
    expectFieldErrors(await admin('PATCH', `/api/v1/campaigns/${campaign.id}`, { brandId: 'elsewhere' }), ['brandId']);
    expect((await admin('GET', `/api/v1/campaigns/${campaign.id}`)).body.brandId).toBe(BRAND);
  });

  it('a minimal campaign can be patched into a full one', async () => {
    const minimal = (await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }))).body;
    const res = await api('PATCH', `/api/v1/campaigns/${minimal.id}`, { budget: { amount: '10', currency: 'USD' }, schedule: aSchedule(t.clock.now(), 10, null) });
    expect(res.body).toMatchObject({ status: 'draft', budget: { amount: '10.00', currency: 'USD' }, schedule: { endAt: null } });
  });
});
