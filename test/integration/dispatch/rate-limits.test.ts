import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { ClockGateway, runClock, seedSender, type ClockedSend } from '../../support/dispatch-fixtures.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import type { DispatchWorker } from '../../../src/dispatch/application/dispatch-worker.js';

// Three workers side by side, as three processes would run: the limits live in PostgreSQL only.
const WORKERS = 3;
const SETTINGS = { concurrency: 1, batchSize: 50, leaseMs: 30_000, idleMs: 5 };
const MINUTE = 60_000;
// Small steps of the test clock; every worker claims until nothing is due at each.
const STEP_MS = 100;

/** The most sends in any `windowMs` of the run (windows starting at a send). */
function mostIn(sends: readonly ClockedSend[], windowMs: number): number {
  const at = sends.map((s) => s.at.getTime()).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[j]! < at[i]! - windowMs + 1) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * A token bucket's promise: at most `rate × seconds` plus one bucket (one second's worth) in any
 * stretch of time, and over the minute the sender's rate on average (within 5%).
 */
function expectRate(sends: readonly ClockedSend[], rate: number): void {
  for (const seconds of [1, 10, 60]) expect(mostIn(sends, seconds * 1000)).toBeLessThanOrEqual(rate * seconds + rate);
  expect(Math.abs(sends.length / 60 - rate) / rate).toBeLessThanOrEqual(0.05);
}

describe('sender rate limits at claim time (PostgreSQL, test clock)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => t.close());

  const workers = (gateway: ClockGateway): DispatchWorker[] =>
    Array.from({ length: WORKERS }, () => createDispatchWorker(t.app.container, { settings: SETTINGS, gateway }));

  it('sends at the sender\'s ratePerSecond over a minute (within 5%), and holds the backlog back without churning it', async () => {
    const brandId = 'rate-one';
    const rate = 20;
    await seedSender(t.dataSource, brandId, 'sms', rate);
    const audience = 1_500; // more than a minute's worth
    await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience });
    const gateway = new ClockGateway(t.clock);
    const start = t.clock.now();

    const claimed = await runClock(t.clock, new Date(start.getTime() + MINUTE - STEP_MS), STEP_MS, workers(gateway));

    expectRate(gateway.sends, rate);
    const total = gateway.sends.length;
    // Each delivery is claimed once to be given its slot and once more to be sent: waiting ones
    // come back when their token does, not at every claim.
    expect(claimed).toBeLessThanOrEqual(audience + total + WORKERS * SETTINGS.batchSize);
    const [{ queued }] = await t.dataSource.query(
      `SELECT count(*)::int AS queued FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE l.brand_id = $1 AND d.status = 'queued' AND d.attempt = 1`, [brandId]);
    expect(queued).toBe(audience - total);
  }, 120_000);

  it('spreads a campaign over its two senders in proportion to their rates, each at its rate', async () => {
    const brandId = 'rate-two';
    const slow = await seedSender(t.dataSource, brandId, 'sms', 10);
    const fast = await seedSender(t.dataSource, brandId, 'sms', 30);
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 3_000 });
    const gateway = new ClockGateway(t.clock);
    const start = t.clock.now();

    await runClock(t.clock, new Date(start.getTime() + MINUTE - STEP_MS), STEP_MS, workers(gateway));

    const addresses = new Map<string, string>((await t.dataSource.query(`SELECT id::text, address FROM senders WHERE brand_id = $1`, [brandId]))
      .map((s: { id: string; address: string }) => [s.address, s.id]));
    for (const [sender, rate] of [[slow, 10], [fast, 30]] as const) {
      const sends = gateway.sends.filter((s) => addresses.get(s.senderAddress) === sender);
      expectRate(sends, rate);
      const total = sends.length;
      // The chosen sender is stored with the delivery.
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'succeeded' AND sender_id = $2`, [campaign.id, sender]);
      expect(n).toBe(total);
    }
  }, 120_000);
});
