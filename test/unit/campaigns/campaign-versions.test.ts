import type { Campaign } from '../../../src/campaigns/domain/campaign.js';
import { aCampaignIn, aNewCampaign, minutesFromNow, NOW, STORED_VERSION } from './campaign.mother.js';

describe('Campaign versions', () => {
  it('a new campaign is at version 1, its CampaignCreated event too, and nothing is stored yet', () => {
    const campaign = aNewCampaign();
    expect(campaign.version).toBe(1);
    expect(campaign.expectedStoredVersion).toBe(0);
    expect(campaign.pendingEvents.map((e) => e.aggregateVersion)).toEqual([1]);
  });

  it('a restored campaign keeps its stored version and records nothing', () => {
    const campaign = aCampaignIn('active');
    expect(campaign.version).toBe(STORED_VERSION);
    expect(campaign.hasChanges).toBe(false);
  });

  it('grows by exactly 1 per command, with consecutive event versions from the stored one', () => {
    const campaign = aCampaignIn('draft');
    const commands: Array<(c: Campaign) => void> = [
      (c) => c.update({ priority: 2 }, NOW),
      (c) => c.schedule(minutesFromNow(10), null, NOW),
      (c) => c.activate(NOW, 'schedule'),
      (c) => c.pause(NOW),
      (c) => c.reportMetrics({ salesCount: { increment: 3 } }, NOW),
      (c) => c.resume(NOW),
      (c) => c.finish(NOW, 'schedule_end'),
      (c) => c.reportMetrics({ salesAmount: { increment: '9.99' } }, NOW),
    ];

    commands.forEach((command, index) => {
      command(campaign);
      expect(campaign.version).toBe(STORED_VERSION + index + 1);
    });

    expect(campaign.pendingEvents.map((e) => e.aggregateVersion)).toEqual(commands.map((_, i) => STORED_VERSION + i + 1));
    expect(campaign.expectedStoredVersion).toBe(STORED_VERSION);
    expect(campaign.state.version).toBe(STORED_VERSION + commands.length);
  });

  it('an update that changes nothing keeps the version', () => {
    const campaign = aCampaignIn('draft');
    campaign.update({ priority: 5 }, NOW);
    expect(campaign.version).toBe(STORED_VERSION);
  });
});
