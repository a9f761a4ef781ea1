import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { giveAudience } from '../../support/campaign-requests.js';

describe('campaign lifecycle smoke', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('creates, activates, pauses and reads back a campaign with its events', async () => {
    const api = client(t.baseUrl, await t.token('brand_manager', ['acme']));
    const created = await api('POST', '/api/v1/campaigns', { brandId: 'acme', name: 'Black Friday', type: 'loyalty', objective: 'sales', channel: 'call', budget: { amount: '1500', currency: 'USD' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, budget: { amount: '1500.00', currency: 'USD' } });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;
    // An empty audience cannot start; one lead can.
    expect((await api('POST', `/api/v1/campaigns/${id}/activate`)).status).toBe(409);
    expect(await giveAudience(t, api, id, 'acme')).toEqual({ added: 1, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, notFound: 0 });
    expect((await api('POST', `/api/v1/campaigns/${id}/activate`)).body.status).toBe('active');
    const paused = await api('POST', `/api/v1/campaigns/${id}/pause`, { reason: 'lunch' });
    expect(paused.body).toMatchObject({ status: 'paused', version: 4, metrics: { totalContacts: 1, pending: 1 } });
    const events = await api('GET', `/api/v1/campaigns/${id}/events`);
    expect(events.body.items.map((e: { eventType: string }) => e.eventType)).toEqual(['CampaignCreated', 'CampaignAudienceAdded', 'CampaignActivated', 'CampaignPaused']);
    const again = await api('POST', `/api/v1/campaigns/${id}/pause`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });
});
