import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aCampaign, createCampaignIn, expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';

const BRAND = 'id-brand';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let key = 0;
  const freshKey = () => `key-${Date.now()}-${++key}`;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND], 'user-one'));
  });
  afterAll(async () => { await t.close(); });

  const campaignsNamed = async (name: string) =>
    (await t.dataSource.query(`SELECT id FROM campaigns WHERE brand_id = $1 AND name = $2`, [BRAND, name])) as Array<{ id: string }>;
  const eventTypes = async (id: string) =>
    ((await t.dataSource.query(`SELECT event_type FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])) as Array<{ event_type: string }>).map((e) => e.event_type);

  it('replays the first response for the same key and body, and creates one campaign with one event', async () => {
    const k = freshKey();
    const body = aCampaign({ brandId: BRAND, name: `replayed ${k}` });
    const first = await api('POST', '/api/v1/campaigns', body, { 'idempotency-key': k });
    t.clock.advance(5000);
    const second = await api('POST', '/api/v1/campaigns', body, { 'idempotency-key': k });

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);

    const rows = await campaignsNamed(body.name);
    expect(rows).toEqual([{ id: first.body.id }]);
    expect(await eventTypes(first.body.id)).toEqual(['CampaignCreated']);
  });

  it('answers 422 for the same key with a different body, and changes nothing', async () => {
    const k = freshKey();
    const first = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `original ${k}` }), { 'idempotency-key': k });
    expect(first.status).toBe(201);
    const reused = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `different ${k}` }), { 'idempotency-key': k });
    expectProblem(reused, 422);
    expect(await campaignsNamed(`different ${k}`)).toEqual([]);
    expect(await campaignsNamed(`original ${k}`)).toEqual([{ id: first.body.id }]);
    expect(await eventTypes(first.body.id)).toEqual(['CampaignCreated']);
    // The original still replays.
    const again = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `original ${k}` }), { 'idempotency-key': k });
    expect(again.body.id).toBe(first.body.id);
  });

  it('has one effect when several requests with the same key arrive at once', async () => {
    const k = freshKey();
    const body = aCampaign({ brandId: BRAND, name: `concurrent ${k}` });
    const results = await Promise.all(Array.from({ length: 6 }, () => api('POST', '/api/v1/campaigns', body, { 'idempotency-key': k })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    const rows = await campaignsNamed(body.name);
    expect(rows).toHaveLength(1);
    expect(await eventTypes(rows[0]!.id)).toEqual(['CampaignCreated']);
  });

  it('scopes keys per user: another user may use the same key for its own request', async () => {
    const k = freshKey();
    const body = aCampaign({ brandId: BRAND, name: `per user ${k}` });
    const other = client(t.baseUrl, await t.token('brand_manager', [BRAND], 'user-two'));
    const mine = await api('POST', '/api/v1/campaigns', body, { 'idempotency-key': k });
    const theirs = await other('POST', '/api/v1/campaigns', body, { 'idempotency-key': k });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect((await campaignsNamed(body.name)).map((r) => r.id).sort()).toEqual([mine.body.id, theirs.body.id].sort());
    // The other user's retry replays that user's own first response.
    expect((await other('POST', '/api/v1/campaigns', body, { 'idempotency-key': k })).body.id).toBe(theirs.body.id);
  });

  it('does not consume the key when the request fails: the corrected request runs', async () => {
    const k = freshKey();
    expectFieldErrors(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, type: 'podcast' }), { 'idempotency-key': k }), ['type']);
    const fixed = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `fixed ${k}` }), { 'idempotency-key': k });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('makes an action run once: a replayed pause answers 200 again instead of 409', async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: BRAND });
    const k = freshKey();
    const first = await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { reason: 'once' }, { 'idempotency-key': k });
    const second = await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { reason: 'once' }, { 'idempotency-key': k });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe(`"${campaign.version + 1}"`);
    expect(await eventTypes(campaign.id)).toEqual(['CampaignCreated', 'CampaignAudienceAdded', 'CampaignActivated', 'CampaignPaused']);
    // Without the key the same request is a new one, and conflicts.
    expectProblem(await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { reason: 'once' }), 409);
  });

  it('makes an increment count once', async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: BRAND });
    const k = freshKey();
    const body = { salesCount: { increment: 1 }, salesAmount: { increment: '9.99' } };
    const results = await Promise.all([1, 2, 3].map(() => api('POST', `/api/v1/campaigns/${campaign.id}/metrics`, body, { 'idempotency-key': k })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const final = (await api('GET', `/api/v1/campaigns/${campaign.id}`)).body;
    expect(final.metrics).toMatchObject({ salesCount: 1, salesAmount: '9.99' });
    expect(final.version).toBe(campaign.version + 1);
  });

  it('forgets a key after 24 hours: the same key may then carry a new request', async () => {
    const k = freshKey();
    const first = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `day one ${k}` }), { 'idempotency-key': k });
    // Within 24 h a different body is refused...
    expectProblem(await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `day two ${k}` }), { 'idempotency-key': k }), 422);
    // ...after 24 h the key is free again (the store's clock is the database's).
    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE principal = 'user-one' AND key = $1`, [k]);
    const later = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND, name: `day two ${k}` }), { 'idempotency-key': k });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('treats the same key on another route as a different request (422)', async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: BRAND });
    const k = freshKey();
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, undefined, { 'idempotency-key': k })).status).toBe(200);
    expectProblem(await api('POST', `/api/v1/campaigns/${campaign.id}/finish`, undefined, { 'idempotency-key': k }), 422);
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.status).toBe('paused');
  });
});
