import { aCampaignIn, badFields, minutesFromNow, NOW, onlyEvent, STORED_VERSION } from './campaign.mother.js';

describe('Campaign.update', () => {
  it('records only the fields that changed, with new and previous JSON values', () => {
    const campaign = aCampaignIn('draft');

    campaign.update(
      {
        name: 'Black Friday',
        priority: 9,
        budget: { amount: '2000', currency: 'USD' },
        schedule: { startAt: minutesFromNow(60), endAt: minutesFromNow(120) },
      },
      NOW,
    );

    expect(onlyEvent(campaign)).toMatchObject({ eventType: 'CampaignUpdated', aggregateVersion: STORED_VERSION + 1 });
    expect(onlyEvent(campaign).data).toEqual({
      changes: {
        schedule: { startAt: '2026-11-23T11:00:00.000Z', endAt: '2026-11-23T12:00:00.000Z' },
        budget: { amount: '2000.00', currency: 'USD' },
        priority: 9,
      },
      previous: { schedule: null, budget: { amount: '1500.00', currency: 'USD' }, priority: 5 },
    });
    expect(campaign.state).toMatchObject({
      priority: 9,
      budget: { amount: '2000.00', currency: 'USD' },
      schedule: { startAt: minutesFromNow(60), endAt: minutesFromNow(120) },
      status: 'draft',
      updatedAt: NOW,
    });
  });

  it('records nothing when no value really changes', () => {
    const campaign = aCampaignIn('draft');
    const before = campaign.state;

    campaign.update(
      {
        name: ' Black Friday ',
        budget: { amount: '1500', currency: 'USD' },
        callingWindow: { start: '09:00', end: '18:00', days: ['fri', 'thu', 'wed', 'tue', 'mon'], timezone: 'America/Bogota' },
        retryPolicy: { maxRetries: 3, retryDelayMinutes: 30 },
      },
      NOW,
    );

    expect(campaign.pendingEvents).toHaveLength(0);
    expect(campaign.state).toEqual(before);
  });

  it('sets nullable fields to null', () => {
    const campaign = aCampaignIn('paused');

    campaign.update({ budget: null, callingWindow: null, maxPerDay: null, scriptTemplate: null }, NOW);

    expect(onlyEvent(campaign).data).toEqual({
      changes: { budget: null, callingWindow: null, maxPerDay: null, scriptTemplate: null },
      previous: {
        budget: { amount: '1500.00', currency: 'USD' },
        callingWindow: { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timezone: 'America/Bogota' },
        maxPerDay: 500,
        scriptTemplate: 'Hola {{firstName}}',
      },
    });
  });

  it('reports every bad field at once and changes nothing', () => {
    const campaign = aCampaignIn('draft');
    const before = campaign.state;

    expect(badFields(() => campaign.update({ name: '', priority: 99, description: 'ok', budget: { amount: '1.5', currency: 'JPY' } }, NOW))).toEqual([
      'budget.amount',
      'name',
      'priority',
    ]);
    expect(campaign.pendingEvents).toHaveLength(0);
    expect(campaign.state).toEqual(before);
  });

  describe('given a paused campaign that started an hour ago', () => {
    const started = { startAt: minutesFromNow(-60), endAt: minutesFromNow(60) };

    it('does not revalidate an unchanged schedule against now', () => {
      const campaign = aCampaignIn('paused', { schedule: started });
      campaign.update({ schedule: { ...started } }, NOW);
      expect(campaign.pendingEvents).toHaveLength(0);
    });

    it('moves the end without its past start being rejected', () => {
      const campaign = aCampaignIn('paused', { schedule: started });
      campaign.update({ schedule: { startAt: started.startAt, endAt: minutesFromNow(180) } }, NOW);
      expect(onlyEvent(campaign).data).toEqual({
        changes: { schedule: { startAt: '2026-11-23T09:00:00.000Z', endAt: '2026-11-23T13:00:00.000Z' } },
        previous: { schedule: { startAt: '2026-11-23T09:00:00.000Z', endAt: '2026-11-23T11:00:00.000Z' } },
      });
    });

    it('rejects a new start in the past', () => {
      const campaign = aCampaignIn('paused', { schedule: started });
      expect(badFields(() => campaign.update({ schedule: { startAt: minutesFromNow(-30), endAt: null } }, NOW))).toEqual([
        'schedule.startAt',
      ]);
    });
  });

  it('keeps the schedule of a scheduled campaign, which the scheduler acts on', () => {
    const campaign = aCampaignIn('scheduled');
    expect(badFields(() => campaign.update({ schedule: null }, NOW))).toEqual(['schedule']);
  });

  it('lets a draft drop its schedule', () => {
    const campaign = aCampaignIn('draft', { schedule: { startAt: minutesFromNow(60), endAt: null } });
    campaign.update({ schedule: null }, NOW);
    expect(campaign.state.schedule).toBeNull();
  });

  it('does not share objects with the caller of state', () => {
    const campaign = aCampaignIn('draft');
    const copy = campaign.state as { budget: { amount: string } | null };
    copy.budget!.amount = '0.00';
    expect(campaign.state.budget).toEqual({ amount: '1500.00', currency: 'USD' });
  });
});
