import { InvalidTransitionError } from '../../../seedwork/domain/index.js';
import type { Campaign } from '../../../src/campaigns/domain/campaign.js';
import { CAMPAIGN_ACTIONS, type CampaignAction } from '../../../src/campaigns/domain/campaign-lifecycle.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../../../src/campaigns/domain/campaign-state.js';
import { aCampaignIn, anAudienceSnapshot, minutesFromNow, NOW, onlyEvent, STORED_VERSION } from './campaign.mother.js';

/**
 * The lifecycle as API.md states it, written here independently of the production table: for
 * each action, the event it records and, for every status it is allowed from, the status after it.
 * A status missing from `from` means the action must be refused there.
 */
const SPEC: Record<CampaignAction, { event: string; from: Partial<Record<CampaignStatus, CampaignStatus>> }> = {
  update: { event: 'CampaignUpdated', from: { draft: 'draft', scheduled: 'scheduled', paused: 'paused' } },
  schedule: { event: 'CampaignScheduled', from: { draft: 'scheduled', scheduled: 'scheduled' } },
  activate: { event: 'CampaignActivated', from: { draft: 'active', scheduled: 'active' } },
  activateOnSchedule: { event: 'CampaignActivated', from: { scheduled: 'active' } },
  pause: { event: 'CampaignPaused', from: { active: 'paused' } },
  resume: { event: 'CampaignResumed', from: { paused: 'active' } },
  finish: { event: 'CampaignFinished', from: { active: 'finished', paused: 'finished' } },
  cancel: {
    event: 'CampaignCancelled',
    from: { draft: 'cancelled', scheduled: 'cancelled', active: 'cancelled', paused: 'cancelled' },
  },
  delete: { event: 'CampaignDeleted', from: { draft: 'draft' } },
  reportMetrics: { event: 'CampaignMetricsUpdated', from: { active: 'active', paused: 'paused', finished: 'finished' } },
  // API.md, Campaign audience: "Allowed while the campaign is draft, scheduled, active or paused."
  changeAudience: {
    event: 'CampaignAudienceAdded',
    from: { draft: 'draft', scheduled: 'scheduled', active: 'active', paused: 'paused' },
  },
};

/** How each action is invoked, with input that is valid so only the lifecycle can refuse it. */
const WHEN: Record<CampaignAction, (campaign: Campaign) => void> = {
  update: (c) => c.update({ name: 'Cyber Monday' }, NOW),
  schedule: (c) => c.schedule(minutesFromNow(30), minutesFromNow(90), NOW),
  activate: (c) => c.activate(NOW, 'manual'),
  activateOnSchedule: (c) => c.activate(NOW, 'schedule'),
  pause: (c) => c.pause(NOW, 'waiting for new stock'),
  resume: (c) => c.resume(NOW),
  finish: (c) => c.finish(NOW, 'manual'),
  cancel: (c) => c.cancel(NOW, 'budget cut'),
  delete: (c) => c.delete(NOW),
  reportMetrics: (c) => c.reportMetrics({ salesCount: { increment: 1 } }, NOW),
  changeAudience: (c) => c.addToAudience(anAudienceSnapshot(), NOW),
};

const pairs = CAMPAIGN_STATUSES.flatMap((status) =>
  CAMPAIGN_ACTIONS.map((action) => ({ status, action, next: SPEC[action].from[status] })),
);
const allowed = pairs.flatMap(({ status, action, next }) => (next ? [{ status, action, next, event: SPEC[action].event }] : []));
const refused = pairs.filter(({ next }) => next === undefined);

describe('Campaign lifecycle, every (status × action) pair', () => {
  it('covers all pairs', () => {
    expect(pairs).toHaveLength(CAMPAIGN_STATUSES.length * CAMPAIGN_ACTIONS.length);
    expect(allowed.length + refused.length).toBe(pairs.length);
  });

  describe.each(allowed)('given a campaign in status $status, when $action', ({ status, action, next, event }) => {
    it(`then it is ${next} and exactly one ${event} is recorded`, () => {
      const campaign = aCampaignIn(status);

      WHEN[action](campaign);

      expect(campaign.status).toBe(next);
      expect(onlyEvent(campaign)).toMatchObject({
        eventType: event,
        aggregateType: 'Campaign',
        aggregateVersion: STORED_VERSION + 1,
        occurredAt: NOW,
      });
      expect(campaign.version).toBe(STORED_VERSION + 1);
      expect(campaign.state.updatedAt).toEqual(NOW);
    });
  });

  describe.each(refused)('given a campaign in status $status, when $action', ({ status, action }) => {
    it('then InvalidTransitionError names the status and the action, and nothing changes', () => {
      const campaign = aCampaignIn(status);
      const before = campaign.state;

      let thrown: unknown;
      try {
        WHEN[action](campaign);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(InvalidTransitionError);
      const error = thrown as InvalidTransitionError;
      expect(error).toMatchObject({ resource: 'Campaign', currentStatus: status, action, kind: 'conflict' });
      expect(error.message).toContain(`'${status}'`);
      expect(error.message).toContain(action);
      expect(campaign.pendingEvents).toHaveLength(0);
      expect(campaign.version).toBe(STORED_VERSION);
      expect(campaign.state).toEqual(before);
    });
  });
});
