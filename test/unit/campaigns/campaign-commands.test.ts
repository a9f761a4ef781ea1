import { aCampaignIn, badFields, minutesFromNow, NOW, onlyEvent } from './campaign.mother.js';

describe('Campaign commands record their documented event data', () => {
  describe('schedule', () => {
    it('given a draft, when scheduled, then CampaignScheduled (schemaVersion 2) carries the schedule and the previous status', () => {
      const campaign = aCampaignIn('draft');
      campaign.schedule(minutesFromNow(60), minutesFromNow(120), NOW);
      expect(campaign.state.schedule).toEqual({ startAt: minutesFromNow(60), endAt: minutesFromNow(120) });
      expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignScheduled', schemaVersion: 2 });
      expect(onlyEvent(campaign).data).toEqual({
        schedule: { startAt: '2026-11-23T11:00:00.000Z', endAt: '2026-11-23T12:00:00.000Z' },
        previousStatus: 'draft',
      });
    });

    it('given a scheduled campaign, when rescheduled open-ended, then endAt is null', () => {
      const campaign = aCampaignIn('scheduled');
      campaign.schedule(minutesFromNow(30), null, NOW);
      expect(onlyEvent(campaign).data).toEqual({ schedule: { startAt: '2026-11-23T10:30:00.000Z', endAt: null }, previousStatus: 'scheduled' });
    });

    it.each([
      ['a start equal to now', NOW, null, ['startAt']],
      ['a start in the past', minutesFromNow(-1), null, ['startAt']],
      ['an end equal to the start', minutesFromNow(10), minutesFromNow(10), ['endAt']],
      ['an end before the start', minutesFromNow(10), minutesFromNow(5), ['endAt']],
    ])('rejects %s and changes nothing', (_, startAt, endAt, fields) => {
      const campaign = aCampaignIn('draft');
      const before = campaign.state;
      expect(badFields(() => campaign.schedule(startAt, endAt, NOW))).toEqual(fields);
      expect(campaign.pendingEvents).toHaveLength(0);
      expect(campaign.state).toEqual(before);
    });
  });

  it.each([
    ['draft', 'manual'],
    ['scheduled', 'manual'],
    ['scheduled', 'schedule'],
  ] as const)('given a %s campaign, when activated (%s), then CampaignActivated names reason and previous status', (status, reason) => {
    const campaign = aCampaignIn(status);
    campaign.activate(NOW, reason);
    expect(onlyEvent(campaign).data).toEqual({ reason, previousStatus: status });
  });

  it('rejects an unknown activation reason', () => {
    expect(badFields(() => aCampaignIn('draft').activate(NOW, 'whim' as 'manual'))).toEqual(['reason']);
  });

  it.each([
    ['waiting for stock', 'waiting for stock'],
    ['  waiting for stock  ', 'waiting for stock'],
    ['   ', null],
    [undefined, null],
  ])('given an active campaign, when paused with reason %j, then CampaignPaused reason is %j', (reason, recorded) => {
    const campaign = aCampaignIn('active');
    campaign.pause(NOW, reason);
    expect(onlyEvent(campaign).data).toEqual({ reason: recorded });
  });

  it('rejects a reason longer than 500 characters', () => {
    expect(badFields(() => aCampaignIn('active').pause(NOW, 'x'.repeat(501)))).toEqual(['reason']);
    expect(badFields(() => aCampaignIn('active').cancel(NOW, 'x'.repeat(501)))).toEqual(['reason']);
  });

  it('given a paused campaign, when resumed, then CampaignResumed has empty data', () => {
    const campaign = aCampaignIn('paused');
    campaign.resume(NOW);
    expect(onlyEvent(campaign).data).toEqual({});
  });

  it.each([
    ['active', 'manual'],
    ['active', 'schedule_end'],
    ['paused', 'audience_exhausted'],
  ] as const)('given a %s campaign, when finished (%s), then CampaignFinished names reason and previous status', (status, reason) => {
    const campaign = aCampaignIn(status);
    campaign.finish(NOW, reason);
    expect(campaign.status).toBe('finished');
    expect(onlyEvent(campaign).data).toEqual({ reason, previousStatus: status });
  });

  it('rejects an unknown finish reason', () => {
    expect(badFields(() => aCampaignIn('active').finish(NOW, 'bored' as 'manual'))).toEqual(['reason']);
  });

  it('given a scheduled campaign, when cancelled with a reason, then the reason is kept and recorded', () => {
    const campaign = aCampaignIn('scheduled');
    campaign.cancel(NOW, 'budget cut');
    expect(campaign.state).toMatchObject({ status: 'cancelled', cancelReason: 'budget cut' });
    expect(onlyEvent(campaign).data).toEqual({ reason: 'budget cut', previousStatus: 'scheduled' });
  });

  it('given an active campaign, when cancelled without a reason, then the reason is null', () => {
    const campaign = aCampaignIn('active');
    campaign.cancel(NOW);
    expect(campaign.state.cancelReason).toBeNull();
    expect(onlyEvent(campaign).data).toEqual({ reason: null, previousStatus: 'active' });
  });

  it('given a draft, when deleted, then the status stays and CampaignDeleted has empty data', () => {
    const campaign = aCampaignIn('draft');
    campaign.delete(NOW);
    expect(campaign.status).toBe('draft');
    expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignDeleted', data: {} });
  });

  it('stamps every event with the command time and sets updatedAt to it', () => {
    const later = minutesFromNow(5);
    const campaign = aCampaignIn('active');
    campaign.pause(later);
    expect(onlyEvent(campaign)).toMatchObject({ occurredAt: later, brandId: 'acme', aggregateId: campaign.id, schemaVersion: 1 });
    expect(campaign.state.updatedAt).toEqual(later);
  });
});
