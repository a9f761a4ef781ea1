import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { migrations } from '../../../src/migrations/index.js';
import { buildContainer } from '../../../src/app/container.js';
import { CampaignScheduler } from '../../../src/campaigns/index.js';
import { DISTRIBUTED_LOCK, type DistributedLock } from '../../../seedwork/application/index.js';
import { client, startTestApp, TestClock, type TestApp } from '../../support/test-app.js';
import { aCampaign, createCampaignIn, giveAudience, minutesAfter } from '../../support/campaign-requests.js';

const BRAND = 'sc-brand';
const START = new Date('2027-03-01T08:00:00.000Z');

describe('campaign scheduler (controllable clock)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let scheduler: CampaignScheduler;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
    scheduler = t.app.container.get(CampaignScheduler);
  });
  afterAll(async () => { await t.close(); });

  beforeEach(() => t.clock.set(START));

  const read = async (id: string) => (await api('GET', `/api/v1/campaigns/${id}`)).body;
  const events = async (id: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_version, payload, metadata, occurred_at FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])) as Array<any>;

  /**
   * A campaign scheduled `startIn` minutes from the clock's now, ending `endIn` minutes from it (or
   * open-ended), with a one-lead audience unless `audience` is false.
   */
  async function scheduled(startIn: number, endIn: number | null, { audience = true } = {}) {
    const created = (await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }))).body;
    if (audience) await giveAudience(t, api, created.id, BRAND);
    const now = t.clock.now();
    const body = { startAt: minutesAfter(now, startIn), ...(endIn !== null && { endAt: minutesAfter(now, endIn) }) };
    const res = await api('POST', `/api/v1/campaigns/${created.id}/schedule`, body);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  }

  it('activates a scheduled campaign once the clock reaches startAt, not a millisecond before', async () => {
    const campaign = await scheduled(30, null);
    const startAt = new Date(campaign.schedule.startAt);

    t.clock.set(new Date(startAt.getTime() - 1));
    expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
    expect(await read(campaign.id)).toEqual(campaign);

    t.clock.set(startAt);
    expect(await scheduler.tick()).toMatchObject({ ran: true, activated: 1 });
    const active = await read(campaign.id);
    expect(active).toMatchObject({ status: 'active', version: campaign.version + 1, updatedAt: startAt.toISOString() });

    const last = (await events(campaign.id)).at(-1);
    expect(last).toMatchObject({
      event_type: 'CampaignActivated',
      aggregate_version: campaign.version + 1,
      payload: { reason: 'schedule', previousStatus: 'scheduled' },
      metadata: { actor: { sub: 'system', role: 'system' } },
    });
    expect(last.occurred_at.toISOString()).toBe(startAt.toISOString());

    // A later tick has nothing left to do for it.
    t.clock.advance(60_000);
    expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
    expect((await events(campaign.id)).filter((e) => e.event_type === 'CampaignActivated')).toHaveLength(1);
  });

  it('finishes an active and a paused campaign at endAt with reason schedule_end', async () => {
    const running = await scheduled(10, 120);
    const paused = await scheduled(10, 120);
    const openEnded = await scheduled(10, null);
    const endAt = new Date(running.schedule.endAt);

    t.clock.advance(10 * 60_000);
    expect(await scheduler.tick()).toMatchObject({ activated: 3, finished: 0 });
    expect((await api('POST', `/api/v1/campaigns/${paused.id}/pause`, { reason: 'hold' })).status).toBe(200);

    t.clock.set(new Date(endAt.getTime() - 1));
    expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
    expect((await read(running.id)).status).toBe('active');

    t.clock.set(endAt);
    expect(await scheduler.tick()).toMatchObject({ ran: true, activated: 0, finished: 2 });
    for (const [campaign, previousStatus] of [[running, 'active'], [paused, 'paused']] as const) {
      expect(await read(campaign.id)).toMatchObject({ status: 'finished', updatedAt: endAt.toISOString() });
      expect((await events(campaign.id)).at(-1)).toMatchObject({ event_type: 'CampaignFinished', payload: { reason: 'schedule_end', previousStatus } });
    }
    // No endAt: it keeps running whatever the time.
    t.clock.advance(365 * 24 * 3600_000);
    await scheduler.tick();
    expect((await read(openEnded.id)).status).toBe('active');
  });

  it('activates and then finishes a campaign whose whole window passed between two ticks', async () => {
    const campaign = await scheduled(5, 10);
    t.clock.advance(11 * 60_000);
    expect(await scheduler.tick()).toMatchObject({ activated: 1, finished: 1 });
    expect((await read(campaign.id)).status).toBe('finished');
    expect((await events(campaign.id)).map((e) => [e.event_type, e.payload.reason])).toEqual([
      ['CampaignCreated', undefined], ['CampaignAudienceAdded', undefined], ['CampaignScheduled', undefined], ['CampaignActivated', 'schedule'],
      ['CampaignFinished', 'schedule_end'],
    ]);
  });

  it('leaves alone what is not due for it: drafts with a schedule, cancelled, manually finished, already active', async () => {
    const now = t.clock.now();
    const draft = await createCampaignIn(t, api, 'draft', { brandId: BRAND, schedule: { startAt: minutesAfter(now, 5), endAt: minutesAfter(now, 10) } });
    const cancelled = await scheduled(5, 10);
    await api('POST', `/api/v1/campaigns/${cancelled.id}/cancel`);
    const finished = await scheduled(5, 10);
    await api('POST', `/api/v1/campaigns/${finished.id}/activate`);
    await api('POST', `/api/v1/campaigns/${finished.id}/finish`);
    const manual = await scheduled(5, null);
    await api('POST', `/api/v1/campaigns/${manual.id}/activate`);
    const before = await Promise.all([draft, cancelled, finished, manual].map((c) => read(c.id)));

    t.clock.advance(60 * 60_000);
    expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
    expect(await Promise.all([draft, cancelled, finished, manual].map((c) => read(c.id)))).toEqual(before);
  });

  it('follows a rescheduled start, not the original one', async () => {
    const campaign = await scheduled(5, null);
    const moved = await api('POST', `/api/v1/campaigns/${campaign.id}/schedule`, { startAt: minutesAfter(t.clock.now(), 60) });
    expect(moved.status).toBe(200);
    t.clock.advance(30 * 60_000);
    await scheduler.tick();
    expect((await read(campaign.id)).status).toBe('scheduled');
    t.clock.advance(30 * 60_000);
    await scheduler.tick();
    expect((await read(campaign.id)).status).toBe('active');
  });

  it('a cancel racing a tick: no error, and the log holds one of the two consistent histories', async () => {
    // Two due campaigns; the API cancels one while the tick runs.
    const a = await scheduled(1, null);
    const b = await scheduled(1, null);
    t.clock.advance(2 * 60_000);
    const [tick, cancel] = await Promise.all([scheduler.tick(), api('POST', `/api/v1/campaigns/${a.id}/cancel`)]);
    expect(tick.ran).toBe(true);
    expect(cancel.status).toBe(200);
    const statusA = (await read(a.id)).status;
    expect(statusA).toBe('cancelled');
    expect((await read(b.id)).status).toBe('active');
    // Whichever came first, a's log is one of the two consistent histories.
    const typesA = (await events(a.id)).map((e) => e.event_type).slice(3);
    expect([['CampaignCancelled'], ['CampaignActivated', 'CampaignCancelled']]).toContainEqual(typesA);
  });

  describe('a campaign whose audience is empty', () => {
    it('stays scheduled past startAt, quietly, and starts at the first tick after it gets an audience', async () => {
      const empty = await scheduled(5, null, { audience: false });
      t.clock.advance(10 * 60_000);
      expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
      expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
      expect(await read(empty.id)).toEqual(empty);
      expect((await events(empty.id)).map((e) => e.event_type)).toEqual(['CampaignCreated', 'CampaignScheduled']);

      await giveAudience(t, api, empty.id, BRAND);
      expect(await scheduler.tick()).toMatchObject({ ran: true, activated: 1 });
      expect(await read(empty.id)).toMatchObject({ status: 'active', metrics: { totalContacts: 1 } });
      expect((await events(empty.id)).at(-1)).toMatchObject({ event_type: 'CampaignActivated', payload: { reason: 'schedule' } });
    });

    it('does not starve the campaigns due after it, even past one batch of empty ones', async () => {
      // 101 empty campaigns due first (the scheduler works in batches of 100), then one with an audience.
      for (let i = 0; i < 101; i++) await scheduled(1, null, { audience: false });
      const ready = await scheduled(2, null);
      t.clock.advance(5 * 60_000);
      expect(await scheduler.tick()).toMatchObject({ ran: true, activated: 1 });
      expect((await read(ready.id)).status).toBe('active');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE brand_id = $1 AND status = 'scheduled' AND (metrics ->> 'totalContacts')::int = 0`, [BRAND]);
      expect(n).toBeGreaterThanOrEqual(101);
    });

    it('skips the refusal if the audience was emptied between finding it due and activating it', async () => {
      const campaign = await scheduled(5, null);
      const [{ lead_id: leadId }] = await t.dataSource.query(`SELECT lead_id FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
      t.clock.advance(10 * 60_000);
      // The campaign is found due; its only member leaves before the tick locks it.
      type DueQuery = { dueForActivation(now: Date, limit: number): Promise<string[]> };
      const readModel = t.app.container.get<DueQuery>(Symbol.for('CampaignReadModel'));
      const due = readModel.dueForActivation;
      readModel.dueForActivation = async function (this: DueQuery, now, limit) {
        const ids = await due.call(this, now, limit);
        readModel.dueForActivation = due;
        expect((await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${leadId}`)).status).toBe(204);
        return ids;
      };
      try {
        expect(await scheduler.tick()).toEqual({ ran: true, activated: 0, finished: 0 });
      } finally {
        readModel.dueForActivation = due;
      }
      expect(await read(campaign.id)).toMatchObject({ status: 'scheduled', metrics: { totalContacts: 0 } });
    });
  });

  describe('two schedulers at once', () => {
    let otherDataSource: DataSource;
    let otherScheduler: CampaignScheduler;
    let otherClock: TestClock;

    beforeAll(async () => {
      // A second "process": its own connection pool and container on the same database.
      otherDataSource = createDataSource({ url: t.database.url, migrations, poolSize: 5, applicationName: 'second-scheduler' });
      await otherDataSource.initialize();
      otherClock = new TestClock(START);
      otherScheduler = buildContainer(otherDataSource, otherClock).container.get(CampaignScheduler);
    });
    afterAll(async () => { await otherDataSource.destroy(); });

    it('activate each of 30 due campaigns exactly once', async () => {
      const due = [];
      for (let i = 0; i < 30; i++) due.push(await scheduled(5, null));
      const at = new Date(START.getTime() + 6 * 60_000);
      t.clock.set(at);
      otherClock.set(at);

      const ticks = await Promise.all([
        ...Array.from({ length: 6 }, () => scheduler.tick()),
        ...Array.from({ length: 6 }, () => otherScheduler.tick()),
      ]);
      expect(ticks.reduce((sum, tick) => sum + tick.activated, 0)).toBe(30);
      expect(ticks.some((tick) => tick.ran)).toBe(true);

      const counts = await t.dataSource.query(
        `SELECT aggregate_id, count(*)::int AS n FROM domain_events WHERE event_type = 'CampaignActivated' AND aggregate_id = ANY($1::uuid[]) GROUP BY aggregate_id`,
        [due.map((c) => c.id)],
      );
      expect(counts).toHaveLength(30);
      expect(counts.every((c: { n: number }) => c.n === 1)).toBe(true);
      for (const c of due) expect((await read(c.id))).toMatchObject({ status: 'active', version: c.version + 1 });

      // Versions stay consecutive for every campaign.
      const gaps = await t.dataSource.query(
        `SELECT aggregate_id FROM domain_events WHERE aggregate_id = ANY($1::uuid[]) GROUP BY aggregate_id HAVING max(aggregate_version) <> count(*)`,
        [due.map((c) => c.id)],
      );
      expect(gaps).toEqual([]);
    });

    it('a scheduler that finds the lock taken does nothing and says so', async () => {
      const campaign = await scheduled(5, null);
      const at = new Date(START.getTime() + 6 * 60_000);
      t.clock.set(at);
      otherClock.set(at);
      // Hold the scheduler's lock from the "other process" while this one ticks.
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      const lock = buildContainer(otherDataSource, otherClock).container.get<DistributedLock>(DISTRIBUTED_LOCK);
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => { entered = resolve; });
      const holder = lock.tryWithLock('campaign-scheduler', async () => { entered(); await held; });
      await inside;
      expect(await scheduler.tick()).toEqual({ ran: false, activated: 0, finished: 0 });
      expect((await read(campaign.id)).status).toBe('scheduled');
      release();
      await holder;
      expect(await scheduler.tick()).toMatchObject({ ran: true, activated: 1 });
    });
  });
});
