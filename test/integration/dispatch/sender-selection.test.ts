import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { ClockGateway, drain, seedSender } from '../../support/dispatch-fixtures.js';
import { NO_SENDER_RETRY_MS } from '../../../src/dispatch/application/claim-plan.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';

const SETTINGS = { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 };

describe('senders and members checked at claim time (PostgreSQL)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => t.close());

  const sendersUsed = async (campaignId: string): Promise<string[]> => (await t.dataSource.query(
    `SELECT DISTINCT sender_id::text FROM deliveries WHERE campaign_id = $1 AND status = 'succeeded' ORDER BY 1`, [campaignId])).map((r: { sender_id: string }) => r.sender_id);

  it('sends through the campaign\'s senderIds when set, else all the brand\'s senders on the channel, never another brand\'s', async () => {
    const brandId = 'pick';
    const [a1, a2, a3] = [await seedSender(t.dataSource, brandId, 'sms'), await seedSender(t.dataSource, brandId, 'sms'), await seedSender(t.dataSource, brandId, 'sms')];
    await seedSender(t.dataSource, brandId, 'email'); // the brand's, but on another channel
    const foreign = await seedSender(t.dataSource, 'other-brand', 'sms');
    const chosen = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms', senderIds: [a3, foreign, a2] }, { audience: 20 });
    expect(chosen.senderIds).toEqual([a2, a3, foreign].sort());
    const all = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 30 });
    // A brand naming only another brand's sender has none to send through.
    const thief = await createCampaignIn(t, api, 'active', { brandId: 'thief', channel: 'sms', senderIds: [foreign] }, { audience: 2 });
    const gateway = new ClockGateway(t.clock);

    await drain([createDispatchWorker(t.app.container, { settings: SETTINGS, gateway })]);

    expect(await sendersUsed(chosen.id)).toEqual([a2, a3].sort());
    expect(await sendersUsed(all.id)).toEqual([a1, a2, a3].sort());
    const foreignAddress = (await t.dataSource.query(`SELECT address FROM senders WHERE id = $1`, [foreign]))[0].address;
    expect(gateway.sends.some((s) => s.senderAddress === foreignAddress)).toBe(false);
    expect(gateway.sends).toHaveLength(50);
    const waiting = await t.dataSource.query(`SELECT status, attempt, scheduled_at, sender_id FROM deliveries WHERE campaign_id = $1`, [thief.id]);
    expect(waiting).toEqual(Array(2).fill({ status: 'queued', attempt: 1, scheduled_at: new Date(t.clock.now().getTime() + NO_SENDER_RETRY_MS), sender_id: null }));
  });

  it('excludes opted-out members and closes deliveries of members already reached, taking no budget for either', async () => {
    const brandId = 'checks';
    // One token a second: had an exclusion taken it, the reachable member would wait.
    await seedSender(t.dataSource, brandId, 'sms', 1);
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 3 });
    const leads: { id: string }[] = await t.dataSource.query(`SELECT lead_id AS id FROM campaign_audience WHERE campaign_id = $1 ORDER BY lead_id`, [campaign.id]);
    await t.dataSource.query(`UPDATE leads SET opted_out_channels = '{sms}' WHERE id = $1`, [leads[0]!.id]);
    await t.dataSource.query(`UPDATE campaign_audience SET status = 'succeeded', attempts = 1 WHERE lead_id = $1`, [leads[1]!.id]);
    const gateway = new ClockGateway(t.clock);

    await drain([createDispatchWorker(t.app.container, { settings: SETTINGS, gateway })]);

    expect(gateway.sends).toHaveLength(1);
    const rows = await t.dataSource.query(
      `SELECT d.status, d.outcome, a.status AS member FROM deliveries d JOIN campaign_audience a ON a.campaign_id = d.campaign_id AND a.lead_id = d.lead_id
        WHERE d.campaign_id = $1 ORDER BY d.lead_id`, [campaign.id]);
    expect(rows).toEqual([
      { status: 'cancelled', outcome: 'opted_out', member: 'excluded' },
      { status: 'cancelled', outcome: 'already_reached', member: 'succeeded' },
      { status: 'succeeded', outcome: 'delivered', member: 'succeeded' },
    ]);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE campaign_id = $1`, [campaign.id]))[0].n).toBe(1);
  });
});
