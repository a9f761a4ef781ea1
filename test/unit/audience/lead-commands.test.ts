import { Lead } from '../../../src/audience/domain/lead.js';
import { leadEvent, leadUpdatedData } from '../../../src/audience/domain/lead-events.js';
import { aLeadState, aNewLead, aStoredLead, expectNoChange, LATER, NOW, onlyEvent, STORED_VERSION, validationErrorOf } from './lead.mother.js';

describe('Lead.assign', () => {
  it('records LeadAssigned {from, to}', () => {
    const lead = aStoredLead({ assignedTo: null });
    lead.assign(' agent-7 ', LATER);
    expect(lead.state).toMatchObject({ assignedTo: 'agent-7', version: STORED_VERSION + 1, updatedAt: LATER });
    expect(onlyEvent(lead)).toMatchObject({ eventType: 'LeadAssigned', aggregateVersion: STORED_VERSION + 1, data: { from: null, to: 'agent-7' } });
  });

  it('unassigns with null', () => {
    const lead = aStoredLead({ assignedTo: 'agent-7' });
    lead.assign(null, LATER);
    expect(onlyEvent(lead).data).toEqual({ from: 'agent-7', to: null });
  });

  it('records nothing when the assignee does not change', () => {
    const lead = aStoredLead({ assignedTo: 'agent-7' });
    expectNoChange(lead, () => lead.assign('agent-7', LATER));
  });

  it.each([[''], ['   '], ['x'.repeat(201)], [42]])('refuses %j as a user id', (raw) => {
    expect(validationErrorOf(() => aStoredLead().assign(raw as string, LATER)).errors).toEqual([{ field: 'assignedTo', message: expect.stringMatching(/user id/) }]);
  });
});

describe('versions', () => {
  it('grow by one per event, and events carry consecutive aggregate versions', () => {
    const lead = aStoredLead();
    lead.moveToStage('financial_qualification', undefined, LATER);
    lead.changeScore({ delta: 5 }, LATER);
    lead.assign('agent-1', LATER);
    lead.optOut(['sms'], undefined, LATER);
    lead.optIn(['sms'], undefined, LATER);
    lead.update({ notes: 'n' }, LATER);
    expect(lead.pendingEvents.map((e) => [e.eventType, e.aggregateVersion])).toEqual([
      ['LeadStageChanged', STORED_VERSION + 1],
      ['LeadScoreChanged', STORED_VERSION + 2],
      ['LeadAssigned', STORED_VERSION + 3],
      ['LeadOptedOut', STORED_VERSION + 4],
      ['LeadOptedIn', STORED_VERSION + 5],
      ['LeadUpdated', STORED_VERSION + 6],
    ]);
    expect(lead.version).toBe(STORED_VERSION + 6);
    expect(lead.expectedStoredVersion).toBe(STORED_VERSION);
    expect(new Set(lead.pendingEvents.map((e) => e.eventId)).size).toBe(6);
  });

  it('start at 1 for a new lead and continue from there', () => {
    const lead = aNewLead();
    lead.changeScore({ score: 10 }, LATER);
    expect(lead.pendingEvents.map((e) => e.aggregateVersion)).toEqual([1, 2]);
    expect(lead.expectedStoredVersion).toBe(0);
  });

  it('a restored lead keeps its stored version and records nothing', () => {
    const lead = Lead.restore(aLeadState());
    expect(lead.version).toBe(STORED_VERSION);
    expect(lead.hasChanges).toBe(false);
  });

  it('state is a copy: changing it does not change the lead', () => {
    const lead = aStoredLead();
    const state = lead.state as unknown as { tags: string[]; customFields: Record<string, unknown> };
    state.tags.push('x');
    state.customFields.injected = true;
    expect(lead.state.tags).toEqual(['vip']);
    expect(lead.state.customFields).not.toHaveProperty('injected');
  });
});

describe('event builders for writers that bypass the aggregate', () => {
  it('leadUpdatedData gives the aggregate\'s diff, or null when nothing changes', () => {
    const previous = aLeadState();
    expect(leadUpdatedData(previous, { email: 'new@example.com', firstName: 'Ana' })).toEqual({ changes: { email: 'new@example.com' }, previous: { email: 'ana@example.com' } });
    expect(leadUpdatedData(previous, { firstName: 'Ana' })).toBeNull();
  });

  it('leadEvent builds the same envelope the aggregate records', () => {
    const lead = aNewLead();
    const recorded = onlyEvent(lead);
    const built = leadEvent('LeadCreated', recorded.data as never, { id: lead.id, brandId: lead.brandId, version: 1 }, NOW);
    expect({ ...built, eventId: 'x' }).toEqual({ ...recorded, eventId: 'x' });
    expect(built.eventId).not.toBe(recorded.eventId);
  });
});
