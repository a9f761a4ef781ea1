import { durationsAt, evolveCampaignStats, type CampaignEventInput, type CampaignStats } from '../../../src/reporting/application/campaign-stats.js';

// Given these events, then these statistics: the projection is a pure fold, so each case states
// only the events that matter to it.

const ID = '0190b6b4-0000-7000-8000-0000000000c1';
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const METRICS = { totalContacts: 0, pending: 0, successful: 0, failed: 0, salesCount: 0, salesAmount: '0.00', engagement: 0, budgetSpent: '0.00' };

/** A campaign's events, numbered 1, 2, 3… in the order given, each at a second offset from T0. */
function history(...steps: Array<[string, number, Record<string, unknown>?]>): CampaignEventInput[] {
  return steps.map(([eventType, seconds, data], i) => ({
    eventType, aggregateId: ID, aggregateVersion: i + 1, brandId: 'acme', occurredAt: at(seconds),
    data: data ?? (eventType === 'CampaignCreated' ? { status: 'draft', schedule: null, metrics: METRICS } : {}),
  }));
}

function fold(events: readonly CampaignEventInput[]): CampaignStats {
  let state: CampaignStats | undefined;
  for (const event of events) {
    const result = evolveCampaignStats(state, event);
    if (result.outcome !== 'applied') throw new Error(`${event.eventType} v${event.aggregateVersion}: ${result.outcome}`);
    state = result.state;
  }
  return state!;
}

describe('campaign stats projection', () => {
  it('given a whole lifecycle, then lifecycle times, exact durations and pauses', () => {
    const stats = fold(history(
      ['CampaignCreated', 0],
      ['CampaignScheduled', 60, { schedule: { startAt: at(3600), endAt: null }, previousStatus: 'draft' }],
      ['CampaignActivated', 120, { reason: 'manual', previousStatus: 'scheduled' }],
      ['CampaignPaused', 120 + 90.5, { reason: null }],
      ['CampaignResumed', 120 + 90.5 + 30],
      ['CampaignPaused', 400, { reason: 'stock' }],
      ['CampaignFinished', 460, { reason: 'manual', previousStatus: 'paused' }],
    ));
    expect(stats).toMatchObject({
      campaignId: ID, brandId: 'acme', status: 'finished', version: 7,
      createdAt: at(0), scheduledAt: at(60), plannedStartAt: at(3600), plannedEndAt: null, firstActivatedAt: at(120), finishedAt: at(460),
      cancelledAt: null, deletedAt: null, pauses: 2, lastEventAt: at(460),
      // active 120→210.5 and 240.5→400; paused 210.5→240.5 and 400→460
      activeMs: 90_500 + 159_500, pausedMs: 30_000 + 60_000,
    });
  });

  it('given an active campaign, then the running period counts up to the time asked', () => {
    const stats = fold(history(['CampaignCreated', 0], ['CampaignActivated', 10, { reason: 'manual', previousStatus: 'draft' }]));
    expect(stats.activeMs).toBe(0);
    expect(durationsAt(stats, new Date(T0 + 70_000))).toEqual({ activeMs: 60_000, pausedMs: 0 });
  });

  it('keeps the first activation when resumed or reactivated', () => {
    const stats = fold(history(
      ['CampaignCreated', 0], ['CampaignActivated', 5, { reason: 'manual', previousStatus: 'draft' }],
      ['CampaignPaused', 10, { reason: null }], ['CampaignResumed', 20],
    ));
    expect(stats.firstActivatedAt).toBe(at(5));
    expect(stats.status).toBe('active');
  });

  it('closes the running period on cancel, from active or paused', () => {
    const fromPaused = fold(history(
      ['CampaignCreated', 0], ['CampaignActivated', 10, { reason: 'manual', previousStatus: 'draft' }],
      ['CampaignPaused', 20, { reason: null }], ['CampaignCancelled', 50, { reason: 'budget', previousStatus: 'paused' }],
    ));
    expect(fromPaused).toMatchObject({ status: 'cancelled', cancelledAt: at(50), activeMs: 10_000, pausedMs: 30_000 });
    expect(durationsAt(fromPaused, new Date(T0 + 999_000))).toEqual({ activeMs: 10_000, pausedMs: 30_000 });
  });

  it('takes business metrics as the absolute values after each report', () => {
    const metrics = { salesCount: 3, salesAmount: '450.00', engagement: 7, budgetSpent: '12.50' };
    const stats = fold(history(
      ['CampaignCreated', 0], ['CampaignActivated', 1, { reason: 'manual', previousStatus: 'draft' }],
      ['CampaignMetricsUpdated', 2, { changes: { salesCount: { set: 1 } }, metrics: { ...metrics, salesCount: 1 } }],
      ['CampaignMetricsUpdated', 3, { changes: { salesCount: { increment: 2 } }, metrics }],
    ));
    expect(stats).toMatchObject(metrics);
  });

  it('follows the planned schedule through creation, update and scheduling', () => {
    const events = history(
      ['CampaignCreated', 0, { status: 'draft', schedule: { startAt: at(100), endAt: at(200) }, metrics: METRICS }],
      ['CampaignUpdated', 5, { changes: { schedule: null }, previous: { schedule: { startAt: at(100), endAt: at(200) } } }],
      ['CampaignUpdated', 6, { changes: { name: 'Renamed' }, previous: { name: 'Old' } }],
    );
    expect(fold(events.slice(0, 1))).toMatchObject({ plannedStartAt: at(100), plannedEndAt: at(200), scheduledAt: null, status: 'draft' });
    expect(fold(events)).toMatchObject({ plannedStartAt: null, plannedEndAt: null, version: 3 });
  });

  it('marks a deleted draft without changing its status, and counts audience events only as versions', () => {
    const stats = fold(history(
      ['CampaignCreated', 0], ['CampaignAudienceAdded', 1, { added: 2 }], ['CampaignDeleted', 2],
    ));
    expect(stats).toMatchObject({ status: 'draft', deletedAt: at(2), version: 3 });
  });

  it('skips a version already applied and refuses one that comes early', () => {
    const [created, activated, paused] = history(
      ['CampaignCreated', 0], ['CampaignActivated', 1, { reason: 'manual', previousStatus: 'draft' }], ['CampaignPaused', 2, { reason: null }],
    );
    const state = fold([created!, activated!]);
    expect(evolveCampaignStats(state, activated!)).toEqual({ outcome: 'duplicate' });
    expect(evolveCampaignStats(state, created!)).toEqual({ outcome: 'duplicate' });
    expect(evolveCampaignStats(fold([created!]), paused!)).toEqual({ outcome: 'gap', expected: 2 });
    expect(evolveCampaignStats(undefined, activated!)).toEqual({ outcome: 'gap', expected: 1 });
  });

  it('never counts a period negative when clocks of two processes disagree', () => {
    const stats = fold(history(
      ['CampaignCreated', 0], ['CampaignActivated', 10, { reason: 'manual', previousStatus: 'draft' }], ['CampaignPaused', 9.9, { reason: null }],
    ));
    expect(stats.activeMs).toBe(0);
  });

  it('fails on data that breaks the contract, so the event is retried and then dead-lettered', () => {
    const [created, metrics] = history(['CampaignCreated', 0], ['CampaignMetricsUpdated', 1, { changes: {}, metrics: { salesCount: 'many' } }]);
    expect(() => evolveCampaignStats(fold([created!]), metrics!)).toThrow(/salesCount/);
  });
});
