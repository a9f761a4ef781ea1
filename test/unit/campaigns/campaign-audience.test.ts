import { BusinessRuleError, InvalidTransitionError } from '../../../seedwork/domain/index.js';
import { aCampaignIn, anAudienceSnapshot, NOW, onlyEvent, STORED_VERSION } from './campaign.mother.js';

const EMPTY = { totalContacts: 0, pending: 0, successful: 0, failed: 0, salesCount: 0, salesAmount: '0.00', engagement: 0, budgetSpent: '0.00' };

describe('Campaign audience', () => {
  describe('activation needs a non-empty audience', () => {
    it.each([
      ['draft', 'manual'],
      ['scheduled', 'manual'],
      ['scheduled', 'schedule'],
    ] as const)('given a %s campaign with no audience, when activated (%s), then 409-type BusinessRuleError and nothing changes', (status, reason) => {
      const campaign = aCampaignIn(status, { metrics: EMPTY });
      const before = campaign.state;
      let thrown: unknown;
      try {
        campaign.activate(NOW, reason);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BusinessRuleError);
      expect((thrown as BusinessRuleError).kind).toBe('conflict');
      expect((thrown as Error).message).toContain(`'${status}'`);
      expect((thrown as Error).message).toMatch(/activate/);
      expect((thrown as Error).message).toMatch(/audience is empty/);
      expect(campaign.pendingEvents).toHaveLength(0);
      expect(campaign.state).toEqual(before);
    });

    it('checks the lifecycle first: an empty cancelled campaign is an invalid transition, not an empty audience', () => {
      expect(() => aCampaignIn('cancelled', { metrics: EMPTY }).activate(NOW, 'manual')).toThrow(InvalidTransitionError);
    });

    it('given one member, when activated, then it is active', () => {
      const campaign = aCampaignIn('draft', { metrics: { ...EMPTY, totalContacts: 1, pending: 1 } });
      campaign.activate(NOW, 'manual');
      expect(campaign.status).toBe('active');
    });
  });

  describe('addToAudience', () => {
    it('records CampaignAudienceAdded with the measured counts and sets totalContacts and pending from them', () => {
      const campaign = aCampaignIn('paused', { metrics: { ...EMPTY, totalContacts: 120, pending: 80, successful: 30, failed: 10 } });
      const snapshot = anAudienceSnapshot({ added: 30, totalContacts: 150, pending: 110, priority: 9 });
      campaign.addToAudience(snapshot, NOW);
      expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignAudienceAdded', aggregateVersion: STORED_VERSION + 1 });
      expect(onlyEvent(campaign).data).toEqual({
        source: snapshot.source,
        priority: 9,
        added: 30,
        alreadyPresent: 4,
        excluded: { optedOut: 2, unreachable: 1 },
        totalContacts: 150,
        pending: 110,
      });
      // Only the audience totals move; dispatch's counters stay as they were.
      expect(campaign.state.metrics).toEqual({ ...EMPTY, totalContacts: 150, pending: 110, successful: 30, failed: 10 });
      expect(campaign.state.updatedAt).toEqual(NOW);
    });

    it('records nothing and keeps the version when no lead joined', () => {
      const campaign = aCampaignIn('draft');
      const before = campaign.state;
      campaign.addToAudience(anAudienceSnapshot({ added: 0, alreadyPresent: 7, totalContacts: 120, pending: 120 }), NOW);
      expect(campaign.pendingEvents).toHaveLength(0);
      expect(campaign.state).toEqual(before);
    });

    it.each(['finished', 'cancelled'] as const)('is refused in %s, before and after a snapshot', (status) => {
      expect(() => aCampaignIn(status).checkAudienceChange()).toThrow(InvalidTransitionError);
      expect(() => aCampaignIn(status).addToAudience(anAudienceSnapshot(), NOW)).toThrow(InvalidTransitionError);
      expect(() => aCampaignIn(status).removeFromAudience('0193aaaa-0000-7000-8000-000000000001', { totalContacts: 1, pending: 1 }, NOW)).toThrow(InvalidTransitionError);
    });

    it.each([
      ['a negative count', { added: -1 }],
      ['a fraction', { alreadyPresent: 1.5 }],
      ['more pending than members', { totalContacts: 3, pending: 4 }],
    ])('treats %s from the store as a bug, not a client error', (_, overrides) => {
      const campaign = aCampaignIn('draft');
      expect(() => campaign.addToAudience(anAudienceSnapshot(overrides), NOW)).toThrow(/audience/);
      expect(campaign.pendingEvents).toHaveLength(0);
    });
  });

  it('removeFromAudience records CampaignAudienceRemoved with the totals after it', () => {
    const campaign = aCampaignIn('scheduled');
    const leadId = '0193aaaa-0000-7000-8000-000000000001';
    campaign.removeFromAudience(leadId, { totalContacts: 119, pending: 119 }, NOW);
    expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignAudienceRemoved', data: { leadId, totalContacts: 119, pending: 119 } });
    expect(campaign.state.metrics).toMatchObject({ totalContacts: 119, pending: 119 });
  });
});
