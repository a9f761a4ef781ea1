import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { createCampaignIn, expectProblem } from '../../support/campaign-requests.js';
import { CampaignScheduler } from '../../../src/campaigns/index.js';

const BRAND = 'tpl-brand';

describe('activation checks the script template', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const stateOf = async (id: string) => ({
    status: (await api('GET', `/api/v1/campaigns/${id}`)).body.status,
    deliveries: (await t.dataSource.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1`, [id]))[0].n,
    events: (await t.dataSource.query(`SELECT event_type FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])).map((r: { event_type: string }) => r.event_type),
  });

  it('answers 409 naming every variable no lead can have, and changes nothing', async () => {
    const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND, scriptTemplate: 'Hi {{ nickname }}, {{firstName}}! {{customFields.plan}} {{Email}}' }, { audience: 3 });
    const before = await stateOf(campaign.id);

    const res = await api('POST', `/api/v1/campaigns/${campaign.id}/activate`);

    const problem = expectProblem(res, 409);
    expect(problem.detail).toContain('{{nickname}}');
    expect(problem.detail).toContain('{{Email}}');
    expect(problem.detail).not.toContain('firstName}}');
    expect(await stateOf(campaign.id)).toEqual(before);
    expect(before).toMatchObject({ status: 'draft', deliveries: 0 });
  });

  it('activates and queues every member when each variable is a lead field or a custom field', async () => {
    const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND, scriptTemplate: 'Hi {{firstName}} {{lastName}}, your {{customFields.plan}} plan ({{region}})' }, { audience: 3 });

    const res = await api('POST', `/api/v1/campaigns/${campaign.id}/activate`);

    expect(res.status).toBe(200);
    expect(await stateOf(campaign.id)).toMatchObject({ status: 'active', deliveries: 3 });
  });

  it('refuses a scheduled campaign at its start too: the scheduler leaves it scheduled', async () => {
    const campaign = await createCampaignIn(t, api, 'scheduled', { brandId: BRAND, scriptTemplate: 'Hello {{first_name}}' });
    t.clock.set(new Date(new Date(campaign.schedule.startAt).getTime() + 1000));
    expect(await t.app.container.get(CampaignScheduler).tick()).toMatchObject({ ran: true, activated: 0 });
    expect(await stateOf(campaign.id)).toMatchObject({ status: 'scheduled', deliveries: 0 });
  });
});
