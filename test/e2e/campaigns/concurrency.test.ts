import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aFullCampaign, createCampaignIn, expectProblem } from '../../support/campaign-requests.js';

const BRAND = 'cc-brand';

describe('concurrent writes to one campaign', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const events = async (id: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_version, payload FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])) as Array<{ event_type: string; aggregate_version: number; payload: any }>;

  it('two PATCHes with the same If-Match: exactly one 200 and one 412, and no update is lost', async () => {
    for (let round = 0; round < 5; round++) {
      const created = (await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }))).body;
      const etag = (await api('GET', `/api/v1/campaigns/${created.id}`)).headers.get('etag')!;
      const [first, second] = await Promise.all([
        api('PATCH', `/api/v1/campaigns/${created.id}`, { name: 'from first' }, { 'if-match': etag }),
        api('PATCH', `/api/v1/campaigns/${created.id}`, { priority: 2 }, { 'if-match': etag }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 412]);
      const winner = first.status === 200 ? first : second;
      const loser = first.status === 200 ? second : first;
      expectProblem(loser, 412);
      expect(winner.body.version).toBe(2);

      // The winner's change is stored; the loser's is not.
      const afterRace = (await api('GET', `/api/v1/campaigns/${created.id}`)).body;
      expect(afterRace).toEqual(winner.body);
      if (winner === first) expect(afterRace).toMatchObject({ name: 'from first', priority: created.priority });
      else expect(afterRace).toMatchObject({ name: created.name, priority: 2 });

      // A follow-up without If-Match applies on top of the winner's change.
      const followUp = await api('PATCH', `/api/v1/campaigns/${created.id}`, { description: 'follow-up' });
      expect(followUp.status).toBe(200);
      expect(followUp.body).toEqual({ ...winner.body, description: 'follow-up', version: 3, updatedAt: followUp.body.updatedAt });

      const log = await events(created.id);
      expect(log.map((e) => [e.event_type, e.aggregate_version])).toEqual([['CampaignCreated', 1], ['CampaignUpdated', 2], ['CampaignUpdated', 3]]);
      expect(log[2]!.payload).toEqual({ changes: { description: 'follow-up' }, previous: { description: created.description } });
    }
  });

  it('concurrent PATCHes of different fields without If-Match are all applied', async () => {
    const created = (await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }))).body;
    const changes = [{ name: 'n2' }, { description: 'd2' }, { priority: 1 }, { maxPerDay: 42 }, { scriptTemplate: 's2' }, { channel: 'sms' }];
    const results = await Promise.all(changes.map((c) => api('PATCH', `/api/v1/campaigns/${created.id}`, c)));
    expect(results.map((r) => r.status)).toEqual(changes.map(() => 200));
    expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    const final = (await api('GET', `/api/v1/campaigns/${created.id}`)).body;
    expect(final).toMatchObject({ ...Object.assign({}, ...changes), version: 7 });
    expect((await events(created.id)).map((e) => e.aggregate_version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('the same transition requested five times at once happens once; the rest answer 409', async () => {
    const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND });
    const results = await Promise.all(Array.from({ length: 5 }, () => api('POST', `/api/v1/campaigns/${campaign.id}/activate`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 409, /active/);
    expect((await events(campaign.id)).map((e) => e.event_type)).toEqual(['CampaignCreated', 'CampaignAudienceAdded', 'CampaignActivated']);
  });

  it('a DELETE racing a PATCH leaves a consistent outcome and log', async () => {
    const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND });
    const [patch, del] = await Promise.all([
      api('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'raced' }),
      api('DELETE', `/api/v1/campaigns/${campaign.id}`),
    ]);
    expect(del.status).toBe(204);
    const log = (await events(campaign.id)).map((e) => e.event_type);
    if (patch.status === 200) expect(log).toEqual(['CampaignCreated', 'CampaignAudienceAdded', 'CampaignUpdated', 'CampaignDeleted']);
    else {
      expectProblem(patch, 404);
      expect(log).toEqual(['CampaignCreated', 'CampaignAudienceAdded', 'CampaignDeleted']);
    }
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).status).toBe(404);
  });
});
