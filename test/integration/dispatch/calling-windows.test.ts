import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { ClockGateway, runClock, seedSender } from '../../support/dispatch-fixtures.js';
import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';

const SETTINGS = { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 };

/** Weekday and HH:MM of an instant in a zone, read with Intl alone (not the code under test). */
function localTime(at: Date, zone: string): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: part('weekday').toLowerCase(), time: `${part('hour')}:${part('minute')}` };
}

describe('calling windows at claim time (PostgreSQL, test clock)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => t.close());

  it('reaches each member only inside the window in its own zone (else the campaign\'s), at the first opening, across a DST change', async () => {
    const brandId = 'windows-dst';
    await seedSender(t.dataSource, brandId, 'call');
    // Saturday 2026-03-07 12:00 UTC. New York springs forward on Sunday 2026-03-08 at 02:00.
    t.clock.set('2026-03-07T12:00:00.000Z');
    const window = { start: '09:00', end: '17:00', days: ['sun', 'mon'], timezone: 'America/New_York' };
    const campaign = await createCampaignIn(t, api, 'active', {
      brandId, channel: 'call', callingWindow: window, retryPolicy: { maxRetries: 1, retryDelayMinutes: 600 },
    }, { audience: 5 });
    const leads: { id: string; phone: string }[] = await t.dataSource.query(
      `SELECT l.id::text, l.phone FROM campaign_audience a JOIN leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 ORDER BY l.id`, [campaign.id]);
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', null];
    for (const [i, lead] of leads.entries()) await t.dataSource.query(`UPDATE leads SET timezone = $2 WHERE id = $1`, [lead.id, zones[i]]);
    const zoneOf = (phone: string) => zones[leads.findIndex((l) => l.phone === phone)] ?? window.timezone;
    // Sunday 09:00 local: after the jump in New York (EDT, UTC-4), so 13:00 UTC, not 14:00.
    const firstOpening: Record<string, string> = {
      'America/New_York': '2026-03-08T13:00:00.000Z',
      'Europe/Berlin': '2026-03-08T08:00:00.000Z',
      'Asia/Tokyo': '2026-03-08T00:00:00.000Z',
      'Australia/Sydney': '2026-03-07T22:00:00.000Z',
    };

    const gateway = new ClockGateway(t.clock);
    const berlin = leads[1]!;
    // Berlin's first call is busy; its retry, due 10 hours later, falls at 19:00 there, after the window.
    gateway.failures.set(berlin.phone, 'busy');
    const worker = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway, random: () => 0 });

    expect(await worker.runOnce()).toBe(5);
    expect(gateway.sends).toEqual([]);
    const deferred = await t.dataSource.query(
      `SELECT d.lead_id::text, d.status, d.attempt, d.scheduled_at, a.status AS member, a.attempts FROM deliveries d
         JOIN campaign_audience a ON a.campaign_id = d.campaign_id AND a.lead_id = d.lead_id WHERE d.campaign_id = $1`, [campaign.id]);
    for (const row of deferred) {
      const zone = zones[leads.findIndex((l) => l.id === row.lead_id)] ?? window.timezone;
      expect(row).toMatchObject({ status: 'queued', attempt: 1, member: 'pending', attempts: 0 });
      expect(row.scheduled_at.toISOString()).toBe(firstOpening[zone]);
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE campaign_id = $1`, [campaign.id]))[0].n).toBe(0);

    await runClock(t.clock, new Date(firstOpening['Europe/Berlin']!), 15 * 60_000, [worker]);
    gateway.failures.clear();
    // The retry came due at 18:00 UTC, 19:00 in Berlin: deferred unsent to Monday's opening, still
    // showing how attempt 1 ended.
    await runClock(t.clock, new Date('2026-03-08T18:00:00.000Z'), 15 * 60_000, [worker]);
    expect((await t.dataSource.query(`SELECT status, attempt, error, started_at, scheduled_at FROM deliveries WHERE lead_id = $1`, [berlin.id]))[0])
      .toEqual({ status: 'queued', attempt: 2, error: 'busy', started_at: null, scheduled_at: new Date('2026-03-09T08:00:00.000Z') });
    await runClock(t.clock, new Date('2026-03-10T00:00:00.000Z'), 15 * 60_000, [worker]);

    for (const send of gateway.sends) {
      const local = localTime(send.at, zoneOf(send.to));
      expect(window.days).toContain(local.day);
      expect(local.time >= window.start && local.time < window.end).toBe(true);
    }
    const sendsOf = (phone: string) => gateway.sends.filter((s) => s.to === phone).map((s) => s.at.toISOString());
    for (const lead of leads.filter((l) => l !== berlin)) expect(sendsOf(lead.phone)).toEqual([firstOpening[zoneOf(lead.phone)]]);
    // Busy at Sunday 09:00 Berlin, deferred from 19:00 to Monday 09:00 (CET, UTC+1), same attempt 2.
    expect(sendsOf(berlin.phone)).toEqual(['2026-03-08T08:00:00.000Z', '2026-03-09T08:00:00.000Z']);
    const [retry] = await t.dataSource.query(`SELECT attempt, status FROM deliveries WHERE lead_id = $1`, [berlin.id]);
    expect(retry).toEqual({ attempt: 2, status: 'succeeded' });
    // Only attempts that reached the provider are recorded: the deferrals are not attempts.
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE campaign_id = $1`, [campaign.id]))[0].n).toBe(6);
  }, 60_000);

  it('sends at any hour a campaign without a calling window', async () => {
    const brandId = 'windows-none';
    await seedSender(t.dataSource, brandId, 'sms');
    t.clock.set('2026-03-08T07:30:00.000Z'); // 03:30 in New York, the night the clocks jump
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: 3 });
    const gateway = new ClockGateway(t.clock);
    const worker = createDispatchWorker(t.app.container, { settings: SETTINGS, gateway });
    expect(await worker.runOnce()).toBe(3);
    expect(gateway.sends.map((s) => s.at.getTime())).toEqual([0, 1, 2].map(() => t.clock.now().getTime()));
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'succeeded'`, [campaign.id]))[0].n).toBe(3);
  });
});
