import type { Pool } from 'pg';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../seedwork/application/index.js';
import { Database } from '../../../seedwork/infrastructure/database/database.js';
import { DELIVERY_QUEUE, type DeliveryQueue } from '../../../src/dispatch/application/delivery-queue.js';
import { DispatchWorker } from '../../../src/dispatch/application/dispatch-worker.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { CallStartingDeliveryQueue } from '../../../src/dispatch/infrastructure/call-starting-delivery-queue.js';
import { createProviderCallbackProcessor, PROVIDER_CALLBACK_SINK, SimulatedGateway, type ProviderCallbackSink } from '../../../src/dispatch/index.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { LedgerGateway, seedSender } from '../../support/dispatch-fixtures.js';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';

const SETTINGS = { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 };

interface CallRow { delivery_id: string; delivery_attempt: number; lead_id: string; phone: string; provider_call_id: string; status: string; version: number }

describe('voice calls started by dispatch (PostgreSQL)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let pool: Pool;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
    pool = (t.dataSource.driver as unknown as { master: Pool }).master;
  });
  afterAll(async () => t.close());

  const callsOf = (campaignId: string): Promise<CallRow[]> => t.dataSource.query(
    `SELECT delivery_id::text, delivery_attempt, lead_id::text, phone, provider_call_id, status, version FROM voice_calls WHERE campaign_id = $1 ORDER BY delivery_id`, [campaignId]);
  const eventsOf = (campaignId: string, type: string) => t.dataSource.query(
    `SELECT aggregate_id::text, aggregate_version, payload, metadata FROM domain_events WHERE event_type = $2 AND payload->>'campaignId' = $1 ORDER BY position`, [campaignId, type]);
  const callCampaign = async (brandId: string, audience: number, channel = 'call') => {
    await seedSender(t.dataSource, brandId, channel);
    return createCampaignIn(t, api, 'active', { brandId, channel }, { audience });
  };

  it('starts one call per call-channel delivery the provider accepted, in the transaction that records it', async () => {
    const campaign = await callCampaign('calls-start', 3);
    expect(await createDispatchWorker(t.app.container, { settings: SETTINGS, gateway: new LedgerGateway(pool) }).runOnce()).toBe(3);

    const deliveries = await t.dataSource.query(
      `SELECT d.id::text, d.lead_id::text, d.provider_ref, l.phone FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE d.campaign_id = $1 ORDER BY d.id`, [campaign.id]);
    expect(await callsOf(campaign.id)).toEqual(deliveries.map((d: { id: string; lead_id: string; provider_ref: string; phone: string }) => ({
      delivery_id: d.id, delivery_attempt: 1, lead_id: d.lead_id, phone: d.phone, provider_call_id: d.provider_ref, status: 'initiated', version: 1,
    })));
    const initiated = await eventsOf(campaign.id, 'VoiceCallInitiated');
    expect(initiated).toHaveLength(3);
    expect(initiated[0].payload).toEqual(expect.objectContaining({ brandId: 'calls-start', deliveryAttempt: 1, status: 'initiated' }));
    // Same transaction and correlation as the outcome that placed the call.
    const [succeeded] = await eventsOf(campaign.id, 'DeliverySucceeded');
    expect(initiated.map((e: { metadata: unknown }) => e.metadata)).toEqual(Array(3).fill(succeeded.metadata));
  });

  it('starts none for other channels or for sends the provider refused', async () => {
    const sms = await callCampaign('calls-sms', 2, 'sms');
    const calls = await callCampaign('calls-refused', 2);
    const [refused] = await t.dataSource.query(`SELECT l.phone FROM campaign_audience a JOIN leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 LIMIT 1`, [calls.id]);
    const gateway = new LedgerGateway(pool);
    gateway.failures.set(refused.phone, 'invalid_number');
    await createDispatchWorker(t.app.container, { settings: SETTINGS, gateway }).runOnce();
    expect(await callsOf(sms.id)).toEqual([]);
    const started = await callsOf(calls.id);
    expect(started).toHaveLength(1);
    expect(started[0]!.phone).not.toBe(refused.phone);
  });

  it('starts a call once per attempt: a stale worker\'s result and a repeated start add none', async () => {
    const campaign = await callCampaign('calls-fence', 1);
    const queue = t.app.container.get<DeliveryQueue>(DELIVERY_QUEUE);
    const [late] = await queue.claim(t.clock.now(), 10, 1_000);
    t.clock.advance(2_000);
    await queue.releaseExpiredLeases(t.clock.now());
    const [current] = await queue.claim(t.clock.now(), 10, 30_000);
    const outcome = { id: late!.id, attempt: 1, status: 'succeeded' as const, nextAttempt: 1, scheduledAt: null, memberStatus: 'succeeded', outcome: 'accepted', error: null, attempted: true };
    expect(await queue.record([{ ...outcome, claimToken: late!.claimToken, providerRef: 'CA-late' }], t.clock.now())).toBe(0);
    expect(await callsOf(campaign.id)).toEqual([]);
    expect(await queue.record([{ ...outcome, claimToken: current!.claimToken, providerRef: 'CA-current' }], t.clock.now())).toBe(1);
    expect(await queue.record([{ ...outcome, claimToken: late!.claimToken, providerRef: 'CA-late' }], t.clock.now())).toBe(0);
    expect((await callsOf(campaign.id)).map((c) => c.provider_call_id)).toEqual(['CA-current']);
    expect(await eventsOf(campaign.id, 'VoiceCallInitiated')).toHaveLength(1);
  });

  it('records neither the batch nor its calls when starting them fails', async () => {
    const campaign = await callCampaign('calls-atomic', 2);
    const failing = new CallStartingDeliveryQueue(t.app.container.get(Database), t.app.container.get<UnitOfWork>(UNIT_OF_WORK), {
      start: async () => { throw new Error('calls module down'); },
    });
    const worker = new DispatchWorker({ queue: failing, gateway: new LedgerGateway(pool), clock: t.clock, finishIfExhausted: async () => undefined }, SETTINGS);
    await expect(worker.runOnce()).rejects.toThrow('calls module down');
    expect(await t.dataSource.query(`SELECT status FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toEqual([{ status: 'sending' }, { status: 'sending' }]);
    expect(await eventsOf(campaign.id, 'DeliverySucceeded')).toEqual([]);
    expect(await callsOf(campaign.id)).toEqual([]);
  });

  it('follows the simulated provider\'s status reports, also those that overtook the call\'s start', async () => {
    const campaign = await callCampaign('calls-simulated', 2);
    const gateway = new SimulatedGateway({ seed: 'calls', callbacks: { sink: t.app.container.get<ProviderCallbackSink>(PROVIDER_CALLBACK_SINK) }, now: () => t.clock.now() });
    await createDispatchWorker(t.app.container, { settings: SETTINGS, gateway }).runOnce();
    await gateway.drain();
    const processor = createProviderCallbackProcessor(t.app.container);
    // Reports that came before the call was recorded are tried again a second later.
    for (let round = 0; round < 3; round++) {
      await processor.runOnce();
      t.clock.advance(1_000);
    }
    const calls = await callsOf(campaign.id);
    expect(calls.map((c) => c.status)).toEqual(['completed', 'completed']);
    const trail = await t.dataSource.query(
      `SELECT e.event_type FROM domain_events e JOIN voice_calls v ON v.id = e.aggregate_id WHERE v.campaign_id = $1 ORDER BY e.aggregate_id, e.aggregate_version`, [campaign.id]);
    expect(trail.map((e: { event_type: string }) => e.event_type)).toEqual([
      'VoiceCallInitiated', 'VoiceCallRinging', 'VoiceCallAnswered', 'VoiceCallCompleted',
      'VoiceCallInitiated', 'VoiceCallRinging', 'VoiceCallAnswered', 'VoiceCallCompleted',
    ]);
    const results = await t.dataSource.query(
      `SELECT c.result, count(*)::int AS n FROM provider_callbacks c JOIN voice_calls v ON v.provider_call_id = c.provider_ref WHERE v.campaign_id = $1 GROUP BY c.result ORDER BY c.result`, [campaign.id]);
    // `initiated` tells a call in initiated nothing new.
    expect(results).toEqual([{ result: 'applied', n: 6 }, { result: 'ignored', n: 2 }]);
  });
});
