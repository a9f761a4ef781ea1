import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { createCampaignIn, expectFieldErrors, expectProblem, ISO_UTC } from '../../support/campaign-requests.js';
import { seedSender } from '../../support/dispatch-fixtures.js';
import { expectDocumented } from '../../support/lead-requests.js';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';

const A = 'dl-alpha';
const B = 'dl-beta';
const SETTINGS = { concurrency: 1, batchSize: 2, leaseMs: 30_000, idleMs: 5 };

describe('GET /campaigns/{id}/deliveries', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let managerB: ReturnType<typeof client>;
  let viewer: ReturnType<typeof client>;
  let senderA: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [A]));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B]));
    viewer = client(t.baseUrl, await t.token('viewer', [A]));
    senderA = await seedSender(t.dataSource, A, 'sms');
    await seedSender(t.dataSource, B, 'sms');
  });
  afterAll(async () => { await t.close(); });

  const list = (id: string, query = '', as = api) => as('GET', `/api/v1/campaigns/${id}/deliveries${query}`);

  it('lists a campaign\'s deliveries by lead id, page by page, filtered by status', async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: A, channel: 'sms' }, { audience: 3 });
    // The worker takes two of the three (batch size 2) through the zero-latency simulated provider.
    await createDispatchWorker(t.app.container, { settings: SETTINGS }).runOnce();
    const rows = await t.dataSource.query(`SELECT id::text, lead_id::text, status FROM deliveries WHERE campaign_id = $1 ORDER BY lead_id`, [campaign.id]);

    const first = await list(campaign.id, '?limit=2', viewer);
    expect(first.status).toBe(200);
    expectDocumented('DeliveryList', first.body);
    const rest = await list(campaign.id, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const items = [...first.body.items, ...rest.body.items];
    expect(items.map((d: { id: string; leadId: string; status: string }) => ({ id: d.id, lead_id: d.leadId, status: d.status }))).toEqual(rows);

    const sent = items.find((d: { status: string }) => d.status === 'succeeded');
    expect(sent).toEqual({
      id: expect.any(String), leadId: expect.any(String), senderId: senderA, attempt: 1, status: 'succeeded', scheduledAt: expect.stringMatching(ISO_UTC),
      startedAt: expect.stringMatching(ISO_UTC), finishedAt: expect.stringMatching(ISO_UTC), outcome: 'delivered', error: null,
      providerRef: expect.stringMatching(/^sim-/),
    });
    const queued = await list(campaign.id, '?status=queued');
    expect(queued.body.items).toEqual([expect.objectContaining({ status: 'queued', startedAt: null, finishedAt: null, outcome: null, providerRef: null })]);
  });

  it('answers an empty list for a campaign with nothing queued yet', async () => {
    const draft = await createCampaignIn(t, api, 'draft', { brandId: A, channel: 'sms' });
    expect((await list(draft.id)).body).toEqual({ items: [], nextCursor: null });
  });

  it('answers 404 for another brand\'s campaign, an unknown one and an id that is not a UUID', async () => {
    const theirs = await createCampaignIn(t, managerB, 'active', { brandId: B, channel: 'sms' });
    expectProblem(await list(theirs.id), 404);
    expectProblem(await list(theirs.id, '', viewer), 404);
    expectProblem(await list('0193aaaa-0000-7000-8000-00000000dead'), 404);
    expectProblem(await list('not-a-uuid'), 404);
    expect((await list(theirs.id, '', managerB)).body.items).toHaveLength(1);
  });

  it('answers 400 naming every bad query parameter', async () => {
    const campaign = await createCampaignIn(t, api, 'draft', { brandId: A, channel: 'sms' });
    const problem = expectFieldErrors(await list(campaign.id, '?status=delivered&limit=501&cursor=x&campaignId=1'), ['status', 'limit', 'cursor', 'campaignId']);
    expect(problem.find((e) => e.field === 'status')!.message).toMatch(/queued, sending, succeeded, failed, cancelled, expired/);
    expectFieldErrors(await list(campaign.id, '?status=queued&status=failed'), ['status']);
  });
});
