import type { Pool } from 'pg';
import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { seedReachableLeads } from '../../support/lead-seeds.js';
import { LedgerGateway, seedSender } from '../../support/dispatch-fixtures.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { idempotencyKey } from '../../../src/dispatch/domain/delivery-idempotency.js';
import { DELIVERY_QUEUE, type DeliveryQueue } from '../../../src/dispatch/application/delivery-queue.js';

const SETTINGS = { concurrency: 4, batchSize: 200, leaseMs: 30_000, idleMs: 5 };

describe('delivery queue (PostgreSQL)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let pool: Pool;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
    pool = (t.dataSource.driver as unknown as { master: Pool }).master;
  });
  afterAll(async () => t.close());

  // The worker runs on the test clock, which moves a second per poll: a sender sends at most
  // ratePerSecond a second of it, so a clock that stood still would hold the campaign back.
  async function untilFinished(id: string, timeoutMs = 60_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await api('GET', `/api/v1/campaigns/${id}`);
      if (res.body.status === 'finished' || Date.now() > until) return res.body;
      await new Promise((r) => setTimeout(r, 50));
      t.clock.advance(1_000);
    }
  }

  it('reaches each of 10,000 members exactly once, counts exactly and finishes audience_exhausted', async () => {
    const brandId = 'dispatch-10k';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 10_000 });
    const [{ queued }] = await t.dataSource.query(`SELECT count(*)::int AS queued FROM deliveries WHERE campaign_id = $1 AND status = 'queued'`, [campaign.id]);
    expect(queued).toBe(10_000);
    const [event] = await t.dataSource.query(`SELECT payload FROM domain_events WHERE event_type = 'DeliveryQueued' AND payload->>'campaignId' = $1`, [campaign.id]);
    expect(event.payload).toMatchObject({ queued: 10_000, trigger: 'activated' });

    const gateway = new LedgerGateway(pool);
    const running = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway }).start();
    const finished = await untilFinished(campaign.id);
    await running.stop();

    expect(finished.status).toBe('finished');
    expect(finished.metrics).toMatchObject({ totalContacts: 10_000, pending: 0, successful: 10_000, failed: 0 });
    const [ledger] = await t.dataSource.query(
      `SELECT count(*)::int AS keys, sum(sends)::int AS sends FROM simulated_sends WHERE brand_id = $1`, [brandId]);
    expect(ledger).toEqual({ keys: 10_000, sends: 10_000 });
    const members = await t.dataSource.query(`SELECT lead_id FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
    const keys = new Set((await t.dataSource.query(`SELECT idempotency_key FROM simulated_sends WHERE brand_id = $1`, [brandId])).map((r: { idempotency_key: string }) => r.idempotency_key));
    expect(members.every((m: { lead_id: string }) => keys.has(idempotencyKey(campaign.id, m.lead_id, 1)))).toBe(true);
    const [audience] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE attempts = 1)::int AS once FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
    expect(audience).toEqual({ succeeded: 10_000, once: 10_000 });
    const [finish] = await t.dataSource.query(
      `SELECT payload FROM domain_events WHERE aggregate_id = $1 AND event_type = 'CampaignFinished'`, [campaign.id]);
    expect(finish.payload.reason).toBe('audience_exhausted');
  }, 120_000);

  it('fences a worker whose lease expired: its late completion changes nothing', async () => {
    const brandId = 'dispatch-fence';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 1 });
    const queue = t.app.container.get<DeliveryQueue>(DELIVERY_QUEUE);
    const [late] = await queue.claim(t.clock.now(), 10, 1_000);
    t.clock.advance(2_000);
    expect(await queue.releaseExpiredLeases(t.clock.now())).toBe(1);
    const [current] = await queue.claim(t.clock.now(), 10, 30_000);
    expect(current!.id).toBe(late!.id);
    expect(current!.idempotencyKey).toBe(late!.idempotencyKey);
    const outcome = { id: late!.id, attempt: 1, status: 'succeeded' as const, nextAttempt: 1, scheduledAt: null, memberStatus: 'succeeded', outcome: 'delivered', error: null, providerRef: 'late', attempted: true };
    expect(await queue.record([{ ...outcome, claimToken: late!.claimToken }], t.clock.now())).toBe(0);
    const [row] = await t.dataSource.query(`SELECT status, claim_token FROM deliveries WHERE id = $1`, [late!.id]);
    expect(row).toEqual({ status: 'sending', claim_token: current!.claimToken });
    expect(await queue.record([{ ...outcome, claimToken: current!.claimToken, providerRef: 'current' }], t.clock.now())).toBe(1);
    const [{ metrics }] = await t.dataSource.query(`SELECT metrics FROM campaigns WHERE id = $1`, [campaign.id]);
    expect(metrics).toMatchObject({ pending: 0, successful: 1, failed: 0 });
  });

  it('retries transient errors per the retry policy and never retries permanent ones', async () => {
    const brandId = 'dispatch-retry';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms', retryPolicy: { maxRetries: 2, retryDelayMinutes: 10 } }, { audience: 2 });
    const leads = await t.dataSource.query(`SELECT l.id, l.phone FROM campaign_audience a JOIN leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 ORDER BY l.id`, [campaign.id]);
    const gateway = new LedgerGateway(pool);
    gateway.failures.set(leads[0].phone, 'busy');
    gateway.failures.set(leads[1].phone, 'invalid_number');
    const worker = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway, random: () => 0 });
    const start = t.clock.now().getTime();
    expect(await worker.runOnce()).toBe(2);
    const due = async () => (await t.dataSource.query(`SELECT attempt, status, scheduled_at FROM deliveries WHERE lead_id = $1`, [leads[0].id]))[0];
    expect(await due()).toMatchObject({ attempt: 2, status: 'queued' });
    expect((await due()).scheduled_at.getTime() - start).toBe(10 * 60_000);
    t.clock.advance(10 * 60_000 - 1);
    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect((await due()).scheduled_at.getTime() - t.clock.now().getTime()).toBe(20 * 60_000);
    t.clock.advance(20 * 60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(await due()).toMatchObject({ attempt: 3, status: 'failed' });
    const attempts = await t.dataSource.query(`SELECT lead_id, attempt, result, error FROM delivery_attempts WHERE campaign_id = $1 ORDER BY lead_id, attempt`, [campaign.id]);
    expect(attempts.map((a: { attempt: number; result: string; error: string }) => [a.attempt, a.result, a.error])).toEqual([
      [1, 'queued', 'busy'], [2, 'queued', 'busy'], [3, 'failed', 'busy'], [1, 'failed', 'invalid_number'],
    ]);
    await worker.finishExhausted();
    const final = (await api('GET', `/api/v1/campaigns/${campaign.id}`)).body;
    expect(final).toMatchObject({ status: 'finished', metrics: { pending: 0, successful: 0, failed: 2 } });
  });

  it('claims nothing of a paused campaign, resumes where it left off, and cancels queued deliveries in one statement', async () => {
    const brandId = 'dispatch-pause';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 30 });
    const gateway = new LedgerGateway(pool);
    const worker = createDispatchWorker(t.app.container, { settings: { ...SETTINGS, batchSize: 10 }, gateway });
    expect(await worker.runOnce()).toBe(10);
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/pause`)).status).toBe(200);
    const sentAtPause = gateway.requests.length;
    expect(await worker.runOnce()).toBe(0);
    expect(gateway.requests.length).toBe(sentAtPause);
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/resume`)).status).toBe(200);
    expect(await worker.runOnce()).toBe(10);
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/cancel`)).status).toBe(200);
    const statuses = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY status ORDER BY status`, [campaign.id]);
    expect(statuses).toEqual([{ status: 'cancelled', n: 10 }, { status: 'succeeded', n: 20 }]);
    expect(new Set(gateway.requests.map((r) => r.key)).size).toBe(20);
  });

  it('queues only the new members of an audience added to an active campaign, and recounts pending', async () => {
    const brandId = 'dispatch-added';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 3 });
    const worker = createDispatchWorker(t.app.container, { settings: { ...SETTINGS, batchSize: 2 }, gateway: new LedgerGateway(pool) });
    expect(await worker.runOnce()).toBe(2);
    const [member] = await t.dataSource.query(`SELECT lead_id::text FROM campaign_audience WHERE campaign_id = $1 LIMIT 1`, [campaign.id]);

    const added = await api('POST', `/api/v1/campaigns/${campaign.id}/audience`, { leadIds: [member.lead_id, ...(await seedReachableLeads(t.dataSource, brandId, 2))] });

    expect(added.status).toBe(200);
    const [counts] = await t.dataSource.query(
      `SELECT count(*)::int AS deliveries, count(DISTINCT lead_id)::int AS leads, count(*) FILTER (WHERE status = 'queued')::int AS queued
         FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
    expect(counts).toEqual({ deliveries: 5, leads: 5, queued: 3 });
    // One never sent from the activation, and the two new ones.
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.metrics).toMatchObject({ totalContacts: 5, pending: 3, successful: 2 });
    const batches = await t.dataSource.query(
      `SELECT payload FROM domain_events WHERE event_type = 'DeliveryQueued' AND payload->>'campaignId' = $1 ORDER BY position`, [campaign.id]);
    expect(batches.map((e: { payload: unknown }) => e.payload)).toEqual([
      { campaignId: campaign.id, trigger: 'activated', queued: 3 },
      { campaignId: campaign.id, trigger: 'audience_added', queued: 2 },
    ]);
  });
});
