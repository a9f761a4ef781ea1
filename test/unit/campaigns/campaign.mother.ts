import { Campaign, type CreateCampaignInput } from '../../../src/campaigns/domain/campaign.js';
import type { CampaignState, CampaignStatus } from '../../../src/campaigns/domain/campaign-state.js';
import { ValidationError, type DomainEvent } from '../../../seedwork/domain/index.js';
import type { CampaignAudienceAddedData } from '../../../src/campaigns/domain/campaign-events.js';

/** Business time of every test: a Monday. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');
export const CAMPAIGN_ID = '01935a4e-7c00-7000-8000-000000000001';
/** Version of every restored campaign, far from 0 so off-by-one errors show. */
export const STORED_VERSION = 7;

export function minutesFromNow(minutes: number): Date {
  return new Date(NOW.getTime() + minutes * 60_000);
}

/** The smallest valid create input; each test overrides only what it is about. */
export function aCreateInput(overrides: Partial<CreateCampaignInput> = {}): CreateCampaignInput {
  return { brandId: 'acme', name: 'Black Friday', type: 'loyalty', objective: 'sales', channel: 'call', ...overrides };
}

export function aNewCampaign(overrides: Partial<CreateCampaignInput> = {}): Campaign {
  return Campaign.create(aCreateInput(overrides), NOW, CAMPAIGN_ID);
}

// What a campaign that reached each status through the real commands carries besides the status.
const HISTORY: Record<CampaignStatus, Partial<CampaignState>> = {
  draft: {},
  scheduled: { schedule: { startAt: minutesFromNow(60), endAt: minutesFromNow(24 * 60) } },
  active: { schedule: { startAt: minutesFromNow(-60), endAt: null } },
  paused: { schedule: { startAt: minutesFromNow(-60), endAt: null } },
  finished: {},
  cancelled: { cancelReason: 'budget cut' },
};

/** A stored snapshot, as the repository would load it. */
export function aCampaignState(overrides: Partial<CampaignState> = {}): CampaignState {
  const status = overrides.status ?? 'draft';
  return {
    id: CAMPAIGN_ID,
    brandId: 'acme',
    name: 'Black Friday',
    description: 'Yearly sale',
    type: 'loyalty',
    objective: 'sales',
    channel: 'call',
    status,
    schedule: null,
    callingWindow: { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timezone: 'America/Bogota' },
    retryPolicy: { maxRetries: 3, retryDelayMinutes: 30 },
    budget: { amount: '1500.00', currency: 'USD' },
    maxPerDay: 500,
    priority: 5,
    scriptTemplate: 'Hola {{firstName}}',
    senderIds: null,
    // An audience, so activation is possible; tests about an empty one override it.
    metrics: {
      totalContacts: 120,
      pending: 120,
      successful: 0,
      failed: 0,
      salesCount: 0,
      salesAmount: '0.00',
      engagement: 0,
      budgetSpent: '0.00',
    },
    cancelReason: null,
    version: STORED_VERSION,
    createdAt: new Date('2026-11-01T08:00:00.000Z'),
    updatedAt: new Date('2026-11-20T08:00:00.000Z'),
    ...HISTORY[status],
    ...overrides,
  };
}

/** Given a campaign in `status`, loaded from storage with no pending events. */
export function aCampaignIn(status: CampaignStatus, overrides: Partial<CampaignState> = {}): Campaign {
  return Campaign.restore(aCampaignState({ ...overrides, status }));
}

export function onlyEvent(campaign: Campaign): DomainEvent {
  expect(campaign.pendingEvents).toHaveLength(1);
  return campaign.pendingEvents[0]!;
}

/** The ValidationError `run` throws (fails the test when it throws nothing or something else). */
export function validationErrorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/** The fields a ValidationError names, sorted. */
export function badFields(run: () => unknown): string[] {
  return validationErrorOf(run)
    .errors.map((e) => e.field)
    .sort();
}

/** What the audience store measured for one snapshot: 30 joined the 120 already there. */
export function anAudienceSnapshot(overrides: Partial<CampaignAudienceAddedData> = {}): CampaignAudienceAddedData {
  return {
    source: { type: 'criteria', criteria: { all: [{ field: 'stage', op: 'eq', value: 'new' }] } },
    priority: 5,
    added: 30,
    alreadyPresent: 4,
    excluded: { optedOut: 2, unreachable: 1 },
    totalContacts: 150,
    pending: 150,
    ...overrides,
  };
}
