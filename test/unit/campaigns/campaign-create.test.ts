import { Campaign, type CreateCampaignInput } from '../../../src/campaigns/domain/campaign.js';
import { aCreateInput, aNewCampaign, badFields, CAMPAIGN_ID, minutesFromNow, NOW, onlyEvent, validationErrorOf } from './campaign.mother.js';

const create = (overrides: Record<string, unknown>): Campaign =>
  Campaign.create({ ...aCreateInput(), ...overrides } as CreateCampaignInput, NOW, CAMPAIGN_ID);

describe('Campaign.create', () => {
  it('starts a draft at version 1 with the documented defaults', () => {
    expect(aNewCampaign().state).toEqual({
      id: CAMPAIGN_ID,
      brandId: 'acme',
      name: 'Black Friday',
      description: '',
      type: 'loyalty',
      objective: 'sales',
      channel: 'call',
      status: 'draft',
      schedule: null,
      callingWindow: null,
      retryPolicy: { maxRetries: 3, retryDelayMinutes: 30 },
      budget: null,
      maxPerDay: null,
      priority: 5,
      scriptTemplate: null,
      senderIds: null,
      metrics: {
        totalContacts: 0,
        pending: 0,
        successful: 0,
        failed: 0,
        salesCount: 0,
        salesAmount: '0.00',
        engagement: 0,
        budgetSpent: '0.00',
      },
      cancelReason: null,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('records CampaignCreated with the whole initial state as JSON', () => {
    const campaign = aNewCampaign({
      name: '  Black Friday  ',
      description: 'Yearly sale',
      schedule: { startAt: minutesFromNow(60) },
      callingWindow: { start: '09:00', end: '18:00', days: ['fri', 'mon'], timezone: 'America/Bogota' },
      retryPolicy: { maxRetries: 5, retryDelayMinutes: 15 },
      budget: { amount: '1500', currency: 'USD' },
      maxPerDay: 500,
      priority: 8,
      scriptTemplate: 'Hola {{firstName}}',
    });

    expect(onlyEvent(campaign)).toMatchObject({
      eventType: 'CampaignCreated',
      schemaVersion: 1,
      aggregateType: 'Campaign',
      aggregateId: CAMPAIGN_ID,
      aggregateVersion: 1,
      brandId: 'acme',
      occurredAt: NOW,
    });
    expect(onlyEvent(campaign).data).toEqual({
      id: CAMPAIGN_ID,
      brandId: 'acme',
      name: 'Black Friday',
      description: 'Yearly sale',
      type: 'loyalty',
      objective: 'sales',
      channel: 'call',
      status: 'draft',
      schedule: { startAt: '2026-11-23T11:00:00.000Z', endAt: null },
      callingWindow: { start: '09:00', end: '18:00', days: ['mon', 'fri'], timezone: 'America/Bogota' },
      retryPolicy: { maxRetries: 5, retryDelayMinutes: 15 },
      budget: { amount: '1500.00', currency: 'USD' },
      maxPerDay: 500,
      priority: 8,
      scriptTemplate: 'Hola {{firstName}}',
      senderIds: null,
      metrics: {
        totalContacts: 0,
        pending: 0,
        successful: 0,
        failed: 0,
        salesCount: 0,
        salesAmount: '0.00',
        engagement: 0,
        budgetSpent: '0.00',
      },
      cancelReason: null,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(JSON.parse(JSON.stringify(onlyEvent(campaign).data))).toEqual(onlyEvent(campaign).data);
  });

  it('generates a UUID when no id is given', () => {
    expect(Campaign.create(aCreateInput(), NOW).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every bad field at once', () => {
    const fields = badFields(() =>
      create({
        brandId: '',
        name: '   ',
        type: 'viral',
        priority: 0,
        maxPerDay: 0,
        schedule: { startAt: minutesFromNow(60), endAt: minutesFromNow(30) },
        callingWindow: { start: '24:00', end: '18:00', days: ['mon', 'mon'], timezone: '+05:00' },
        retryPolicy: { maxRetries: 11, retryDelayMinutes: 30 },
        budget: { amount: '-1', currency: 'USD' },
      }),
    );
    expect(fields).toEqual([
      'brandId',
      'budget.amount',
      'callingWindow.days',
      'callingWindow.start',
      'callingWindow.timezone',
      'maxPerDay',
      'name',
      'priority',
      'retryPolicy.maxRetries',
      'schedule.endAt',
      'type',
    ]);
  });

  it('requires brandId, name, type, objective and channel', () => {
    const error = validationErrorOf(() => Campaign.create({} as CreateCampaignInput, NOW));
    expect(error.errors.map((e) => e.field).sort()).toEqual(['brandId', 'channel', 'name', 'objective', 'type']);
    expect(error.errors.find((e) => e.field === 'name')?.message).toBe('is required');
  });

  it('rejects an id that is not a UUID', () => {
    expect(badFields(() => Campaign.create(aCreateInput(), NOW, 'campaign-1'))).toEqual(['id']);
  });

  it('trims the name', () => {
    expect(aNewCampaign({ name: '  Black Friday \n' }).state.name).toBe('Black Friday');
  });

  it.each([
    ['name', 'x'.repeat(200)],
    ['name', '🎉'.repeat(200)],
    ['description', ''],
    ['description', 'x'.repeat(2000)],
    ['scriptTemplate', 'x'.repeat(10_000)],
    ['scriptTemplate', null],
    ['priority', 1],
    ['priority', 10],
    ['maxPerDay', 1],
    ['maxPerDay', 1_000_000],
    ['maxPerDay', null],
    ['senderIds', null],
    ['senderIds', ['01935a4e-7c00-7000-8000-00000000000a']],
    ['type', 'b2b'],
    ['objective', 'lead_generation'],
    ['channel', 'whatsapp'],
    ['brandId', 'acme-co_2.eu'],
  ])('accepts %s = %j', (field, value) => {
    expect(create({ [field]: value }).state).toMatchObject({ [field]: value });
  });

  it.each([
    ['name', ''],
    ['name', 'x'.repeat(201)],
    ['name', 42],
    ['description', 'x'.repeat(2001)],
    ['description', null],
    ['scriptTemplate', 'x'.repeat(10_001)],
    ['priority', 0],
    ['priority', 11],
    ['priority', 5.5],
    ['priority', null],
    ['maxPerDay', 0],
    ['maxPerDay', 1_000_001],
    ['maxPerDay', 2.5],
    ['senderIds', []],
    ['senderIds', ['sender-1']],
    ['type', 'viral'],
    ['objective', 'Sales'],
    ['channel', 'fax'],
    ['retryPolicy', null],
    ['brandId', 'acme corp'],
    ['brandId', 'x'.repeat(65)],
  ])('rejects %s = %j', (field, value) => {
    expect(badFields(() => create({ [field]: value }))).toEqual([field]);
  });

  it('rejects a schedule that starts now or earlier', () => {
    expect(badFields(() => create({ schedule: { startAt: NOW } }))).toEqual(['schedule.startAt']);
  });
});
