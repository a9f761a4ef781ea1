import type { Pool } from 'pg';
import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { aSchedule, createCampaignIn } from '../../support/campaign-requests.js';
import { LedgerGateway, seedSender } from '../../support/dispatch-fixtures.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { DELIVERY_QUEUE, type DeliveryQueue } from '../../../src/dispatch/application/delivery-queue.js';
import { CampaignScheduler } from '../../../src/campaigns/index.js';

const SETTINGS = { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 };

interface EventRow { event_type: string; aggregate_type: string; aggregate_id: string; aggregate_version: number; brand_id: string; payload: any }

describe('per-delivery events (PostgreSQL)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let pool: Pool;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
    pool = (t.dataSource.driver as unknown as { master: Pool }).master;
  });
  afterAll(async () => t.close());

  const deliveryEvents = (campaignId: string): Promise<EventRow[]> => t.dataSource.query(
    `SELECT event_type, aggregate_type, aggregate_id::text, aggregate_version, brand_id, payload FROM domain_events
      WHERE aggregate_type = 'Delivery' AND payload->>'campaignId' = $1 ORDER BY position`, [campaignId]);
  const deliveryOf = async (leadId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT id::text FROM deliveries WHERE lead_id = $1`, [leadId]))[0].id;

  it('writes one DeliverySucceeded per succeeded delivery, aggregate Delivery at version = attempt', async () => {
    const brandId = 'events-ok';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 3 });
    const worker = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway: new LedgerGateway(pool) });
    expect(await worker.runOnce()).toBe(3);
    expect(await worker.runOnce()).toBe(0);
    const events = await deliveryEvents(campaign.id);
    expect(events).toHaveLength(3);
    const deliveries = await t.dataSource.query(`SELECT id::text, lead_id::text, provider_ref FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
    for (const d of deliveries) {
      const own = events.filter((e) => e.aggregate_id === d.id);
      expect(own).toEqual([{
        event_type: 'DeliverySucceeded', aggregate_type: 'Delivery', aggregate_id: d.id, aggregate_version: 1, brand_id: brandId,
        payload: { campaignId: campaign.id, leadId: d.lead_id, attempt: 1, outcome: 'delivered', error: null, providerRef: d.provider_ref, final: true, retryAt: null },
      }]);
    }
  });

  it('writes a DeliveryFailed per failed attempt (retryable ones say when the next is due), none twice', async () => {
    const brandId = 'events-fail';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms', retryPolicy: { maxRetries: 1, retryDelayMinutes: 10 } }, { audience: 2 });
    const leads = await t.dataSource.query(`SELECT l.id::text, l.phone FROM campaign_audience a JOIN leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 ORDER BY l.id`, [campaign.id]);
    const gateway = new LedgerGateway(pool);
    gateway.failures.set(leads[0].phone, 'busy');
    gateway.failures.set(leads[1].phone, 'invalid_number');
    const worker = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway, random: () => 0 });
    expect(await worker.runOnce()).toBe(2);
    t.clock.advance(10 * 60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    const events = await deliveryEvents(campaign.id);
    const busy = events.filter((e) => e.payload.leadId === leads[0].id);
    expect(busy.map((e) => [e.event_type, e.aggregate_version, e.payload.attempt, e.payload.error, e.payload.final])).toEqual([
      ['DeliveryFailed', 1, 1, 'busy', false], ['DeliveryFailed', 2, 2, 'busy', true],
    ]);
    expect(busy[0]!.payload.retryAt).toEqual(expect.any(String));
    expect(busy.every((e) => e.aggregate_id === busy[0]!.aggregate_id)).toBe(true);
    const invalid = events.filter((e) => e.payload.leadId === leads[1].id);
    expect(invalid.map((e) => [e.event_type, e.aggregate_version, e.payload.error, e.payload.final])).toEqual([['DeliveryFailed', 1, 'invalid_number', true]]);
    expect(invalid[0]!.aggregate_id).toBe(await deliveryOf(leads[1].id));
  });

  it('writes nothing for a fenced (stale) completion, and one event for the current one', async () => {
    const brandId = 'events-fence';
    await seedSender(t.dataSource, brandId, 'sms');
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 1 });
    const queue = t.app.container.get<DeliveryQueue>(DELIVERY_QUEUE);
    const [late] = await queue.claim(t.clock.now(), 10, 1_000);
    t.clock.advance(2_000);
    expect(await queue.releaseExpiredLeases(t.clock.now())).toBe(1);
    const [current] = await queue.claim(t.clock.now(), 10, 30_000);
    const outcome = { id: late!.id, attempt: 1, status: 'succeeded' as const, nextAttempt: 1, scheduledAt: null, memberStatus: 'succeeded', outcome: 'delivered', error: null, providerRef: 'late', attempted: true };
    expect(await queue.record([{ ...outcome, claimToken: late!.claimToken }], t.clock.now())).toBe(0);
    expect(await deliveryEvents(campaign.id)).toEqual([]);
    expect(await queue.record([{ ...outcome, claimToken: current!.claimToken, providerRef: 'current' }], t.clock.now())).toBe(1);
    // The stale worker tries again after the current one finished: still fenced.
    expect(await queue.record([{ ...outcome, claimToken: late!.claimToken }], t.clock.now())).toBe(0);
    const events = await deliveryEvents(campaign.id);
    expect(events.map((e) => [e.event_type, e.aggregate_id, e.aggregate_version, e.payload.providerRef])).toEqual([['DeliverySucceeded', late!.id, 1, 'current']]);
  });

  it('writes one DeliveryExpired per queued delivery when endAt is reached, none for a cancel', async () => {
    const brandId = 'events-expire';
    await seedSender(t.dataSource, brandId, 'sms');
    const scheduled = await createCampaignIn(t, api, 'scheduled', { brandId, channel: 'sms' }, { audience: 3 });
    const scheduler = t.app.container.get(CampaignScheduler);
    t.clock.set(new Date(new Date(scheduled.schedule.startAt).getTime() + 1));
    await scheduler.tick();
    const worker = createDispatchWorker(t.app.container, { settings: { ...SETTINGS, batchSize: 1 }, gateway: new LedgerGateway(pool) });
    expect(await worker.runOnce()).toBe(1);
    t.clock.set(new Date(new Date(scheduled.schedule.endAt).getTime() + 1));
    await scheduler.tick();
    expect((await api('GET', `/api/v1/campaigns/${scheduled.id}`)).body.status).toBe('finished');
    const events = await deliveryEvents(scheduled.id);
    expect(events.map((e) => e.event_type).sort()).toEqual(['DeliveryExpired', 'DeliveryExpired', 'DeliverySucceeded']);
    const expired = events.filter((e) => e.event_type === 'DeliveryExpired');
    const rows = await t.dataSource.query(`SELECT id::text FROM deliveries WHERE campaign_id = $1 AND status = 'expired' ORDER BY id`, [scheduled.id]);
    expect(expired.map((e) => e.aggregate_id).sort()).toEqual(rows.map((r: { id: string }) => r.id));
    expect(expired.every((e) => e.aggregate_version === 1 && e.payload.attempt === 1 && e.payload.campaignId === scheduled.id)).toBe(true);

    const cancelledBrand = 'events-cancel';
    await seedSender(t.dataSource, cancelledBrand, 'sms');
    const active = await createCampaignIn(t, api, 'active', { brandId: cancelledBrand, channel: 'sms' }, { audience: 2 });
    expect((await api('POST', `/api/v1/campaigns/${active.id}/cancel`, { reason: 'test' })).status).toBe(200);
    expect(await deliveryEvents(active.id)).toEqual([]);
  });
});
