import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { ClockGateway, drain, runClock, seedSender } from '../../support/dispatch-fixtures.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import type { DispatchWorker } from '../../../src/dispatch/application/dispatch-worker.js';

// Three workers with small batches side by side: several reservations meet on each counter.
const SETTINGS = { concurrency: 1, batchSize: 2, leaseMs: 30_000, idleMs: 5 };
const ALL_DAY = { start: '00:00', end: '23:59', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };

describe('daily caps at claim time (PostgreSQL, test clock)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => t.close());

  const workers = (gateway: ClockGateway): DispatchWorker[] =>
    Array.from({ length: 3 }, () => createDispatchWorker(t.app.container, { settings: SETTINGS, gateway }));
  const queuedFor = async (campaignId: string): Promise<{ scheduled_at: Date; n: number }[]> => t.dataSource.query(
    `SELECT scheduled_at, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'queued' GROUP BY 1 ORDER BY 1`, [campaignId]);

  it('sends exactly maxPerDay a day, counting the days of the campaign\'s window zone, the rest the next days', async () => {
    const brandId = 'cap-campaign';
    await seedSender(t.dataSource, brandId, 'sms');
    // Monday 2026-11-23 10:00 UTC: 19:00 in Tokyo, whose Tuesday starts at 15:00 UTC.
    t.clock.set('2026-11-23T10:00:00.000Z');
    const campaign = await createCampaignIn(t, api, 'active', {
      brandId, channel: 'sms', maxPerDay: 5, callingWindow: { ...ALL_DAY, timezone: 'Asia/Tokyo' },
    }, { audience: 12 });
    // Members without a zone of their own: the window (always open but one minute) is read in Tokyo.
    await t.dataSource.query(`UPDATE leads SET timezone = NULL WHERE brand_id = $1`, [brandId]);
    const gateway = new ClockGateway(t.clock);
    const running = workers(gateway);

    await drain(running);
    expect(gateway.sends).toHaveLength(5);
    expect(await queuedFor(campaign.id)).toEqual([{ scheduled_at: new Date('2026-11-23T15:00:00.000Z'), n: 7 }]);
    t.clock.set('2026-11-23T14:59:59.999Z');
    await drain(running);
    expect(gateway.sends).toHaveLength(5);

    t.clock.advance(1);
    await drain(running);
    expect(gateway.sends).toHaveLength(10);
    expect(await queuedFor(campaign.id)).toEqual([{ scheduled_at: new Date('2026-11-24T15:00:00.000Z'), n: 2 }]);
    await runClock(t.clock, new Date('2026-11-24T15:00:00.000Z'), 15 * 60_000, running);
    expect(gateway.sends.map((s) => s.at.toISOString())).toEqual([
      ...Array(5).fill('2026-11-23T10:00:00.000Z'), ...Array(5).fill('2026-11-23T15:00:00.000Z'), ...Array(2).fill('2026-11-24T15:00:00.000Z'),
    ]);
    expect(await t.dataSource.query(`SELECT day::text, day_sent FROM campaign_limits WHERE campaign_id = $1`, [campaign.id]))
      .toEqual([{ day: '2026-11-25', day_sent: 2 }]);
    // Held back is not an attempt: every member was attempted exactly once.
    const [audience] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded' AND attempts = 1)::int AS once FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
    expect(audience.once).toBe(12);
  });

  it('sends exactly a sender\'s dailyCap per UTC day, over every campaign it serves', async () => {
    const brandId = 'cap-sender';
    await seedSender(t.dataSource, brandId, 'sms', 1000, 4);
    t.clock.set('2026-11-23T22:00:00.000Z');
    const first = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 5 });
    const second = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 5 });
    const gateway = new ClockGateway(t.clock);
    const running = workers(gateway);

    await drain(running);
    expect(gateway.sends).toHaveLength(4);
    const midnight = new Date('2026-11-24T00:00:00.000Z');
    const waiting = [...(await queuedFor(first.id)), ...(await queuedFor(second.id))];
    expect(waiting.every((w) => w.scheduled_at.getTime() === midnight.getTime())).toBe(true);
    expect(waiting.reduce((n, w) => n + w.n, 0)).toBe(6);

    t.clock.set('2026-11-23T23:59:59.999Z');
    await drain(running);
    expect(gateway.sends).toHaveLength(4);
    t.clock.advance(1);
    await runClock(t.clock, new Date('2026-11-25T00:00:00.000Z'), 60 * 60_000, running);
    const perDay = new Map<string, number>();
    for (const send of gateway.sends) perDay.set(send.at.toISOString().slice(0, 10), (perDay.get(send.at.toISOString().slice(0, 10)) ?? 0) + 1);
    expect(Object.fromEntries(perDay)).toEqual({ '2026-11-23': 4, '2026-11-24': 4, '2026-11-25': 2 });
  });
});
