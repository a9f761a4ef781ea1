import type { MetricsChange } from '../../../src/campaigns/domain/value-objects/campaign-metrics.js';
import { aCampaignIn, aCampaignState, badFields, NOW, onlyEvent } from './campaign.mother.js';

const reported = (metrics: Partial<ReturnType<typeof aCampaignState>['metrics']>) =>
  aCampaignIn('active', { metrics: { ...aCampaignState().metrics, ...metrics } });

describe('Campaign.reportMetrics', () => {
  it('sets absolute values and records the change and the resulting metrics', () => {
    const campaign = reported({ salesCount: 4, salesAmount: '10.00' });

    campaign.reportMetrics(
      { salesCount: { set: 7 }, salesAmount: { set: '99.9' }, engagement: { set: 12 }, budgetSpent: { set: '5' } },
      NOW,
    );

    expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignMetricsUpdated' });
    expect(onlyEvent(campaign).data).toEqual({
      changes: { salesCount: { set: 7 }, salesAmount: { set: '99.90' }, engagement: { set: 12 }, budgetSpent: { set: '5.00' } },
      metrics: { salesCount: 7, salesAmount: '99.90', engagement: 12, budgetSpent: '5.00' },
    });
  });

  it('increments relative to the current values', () => {
    const campaign = reported({ salesCount: 4, salesAmount: '10.00', engagement: 3, budgetSpent: '1.50' });

    campaign.reportMetrics({ salesCount: { increment: 2 }, salesAmount: { increment: '0.5' }, budgetSpent: { increment: '2' } }, NOW);

    expect(onlyEvent(campaign).data).toEqual({
      changes: { salesCount: { increment: 2 }, salesAmount: { increment: '0.50' }, budgetSpent: { increment: '2.00' } },
      metrics: { salesCount: 6, salesAmount: '10.50', engagement: 3, budgetSpent: '3.50' },
    });
  });

  it('adds decimals exactly: 0.10 + 0.20 = 0.30', () => {
    const campaign = reported({ salesAmount: '0.10' });
    campaign.reportMetrics({ salesAmount: { increment: '0.20' } }, NOW);
    expect(campaign.state.metrics.salesAmount).toBe('0.30');
  });

  it('accepts a negative increment as a correction', () => {
    const campaign = reported({ salesCount: 5, salesAmount: '1.00' });
    campaign.reportMetrics({ salesCount: { increment: -2 }, salesAmount: { increment: '-0.50' } }, NOW);
    expect(campaign.state.metrics).toMatchObject({ salesCount: 3, salesAmount: '0.50' });
  });

  it('accepts a correction down to exactly zero', () => {
    const campaign = reported({ budgetSpent: '0.30' });
    campaign.reportMetrics({ budgetSpent: { increment: '-0.3' } }, NOW);
    expect(campaign.state.metrics.budgetSpent).toBe('0.00');
  });

  it.each<[string, MetricsChange, string[]]>([
    ['a count going below zero', { salesCount: { increment: -6 } }, ['salesCount']],
    ['an amount going below zero', { salesAmount: { increment: '-1.01' } }, ['salesAmount']],
    ['engagement going below zero', { engagement: { increment: -1 } }, ['engagement']],
    ['a negative absolute count', { salesCount: { set: -1 } }, ['salesCount']],
    ['a negative absolute amount', { budgetSpent: { set: '-1.00' } }, ['budgetSpent']],
    ['a fractional count', { salesCount: { set: 1.5 } }, ['salesCount']],
    ['too many decimals', { salesAmount: { set: '1.005' } }, ['salesAmount']],
    ['an amount as a number', { salesAmount: { set: 1.5 as unknown as string } }, ['salesAmount']],
    ['both set and increment', { salesCount: { set: 1, increment: 1 } as unknown as MetricsChange['salesCount'] }, ['salesCount']],
    ['neither set nor increment', { salesCount: {} as MetricsChange['salesCount'] }, ['salesCount']],
    ['nothing to report', {}, ['metrics']],
    [
      'several bad fields',
      { salesCount: { increment: -9 }, salesAmount: { set: 'ten' }, engagement: { set: 2 }, budgetSpent: { increment: '-5' } },
      ['budgetSpent', 'salesAmount', 'salesCount'],
    ],
  ])('rejects %s, naming the field, and changes nothing', (_, change, fields) => {
    const campaign = reported({ salesCount: 5, salesAmount: '1.00', engagement: 0, budgetSpent: '2.00' });
    const before = campaign.state;

    expect(badFields(() => campaign.reportMetrics(change, NOW))).toEqual(fields);
    expect(campaign.pendingEvents).toHaveLength(0);
    expect(campaign.state).toEqual(before);
  });

  it('leaves the delivery counters to dispatch', () => {
    const campaign = reported({ totalContacts: 100, pending: 40, successful: 50, failed: 10 });
    campaign.reportMetrics({ salesCount: { increment: 1 } }, NOW);
    expect(campaign.state.metrics).toMatchObject({ totalContacts: 100, pending: 40, successful: 50, failed: 10, salesCount: 1 });
  });

  it('given a finished campaign, a late sale can still be reported', () => {
    const campaign = aCampaignIn('finished');
    campaign.reportMetrics({ salesCount: { increment: 1 }, salesAmount: { increment: '19.99' } }, NOW);
    expect(campaign.state.metrics).toMatchObject({ salesCount: 1, salesAmount: '19.99' });
  });

  it('rejects an amount beyond 15 integer digits', () => {
    const campaign = reported({ salesAmount: '999999999999999.99' });
    expect(badFields(() => campaign.reportMetrics({ salesAmount: { increment: '0.01' } }, NOW))).toEqual(['salesAmount']);
  });
});
