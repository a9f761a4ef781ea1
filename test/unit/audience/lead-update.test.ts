import { aStoredLead, badFields, expectNoChange, LATER, onlyEvent, STORED_VERSION } from './lead.mother.js';

describe('Lead.update (contact fields)', () => {
  it('records LeadUpdated with only the fields that changed, new and old', () => {
    const lead = aStoredLead();
    lead.update({ firstName: 'Ana María', phone: '301 765 4321', email: 'ana@example.com', tags: ['vip', 'gold'], nextActionAt: LATER }, LATER, 'CO');
    expect(lead.state).toMatchObject({ firstName: 'Ana María', phone: '+573017654321', tags: ['vip', 'gold'], nextActionAt: LATER, version: STORED_VERSION + 1, updatedAt: LATER });
    expect(onlyEvent(lead)).toMatchObject({
      eventType: 'LeadUpdated',
      aggregateVersion: STORED_VERSION + 1,
      occurredAt: LATER,
      data: {
        changes: { firstName: 'Ana María', phone: '+573017654321', tags: ['vip', 'gold'], nextActionAt: LATER.toISOString() },
        previous: { firstName: 'Ana', phone: '+573001234567', tags: ['vip'], nextActionAt: null },
      },
    });
  });

  it('records nothing when every value sent equals the current one (after normalisation)', () => {
    const lead = aStoredLead();
    expectNoChange(lead, () => lead.update({ firstName: ' Ana ', phone: '+57 300 123 4567', email: 'ana@EXAMPLE.com', customFields: { specialty: 'anesthesiology', budget: 120000 }, timezone: 'america/bogota' }, LATER));
    expectNoChange(lead, () => lead.update({}, LATER));
  });

  it('replaces customFields and tags as a whole', () => {
    const lead = aStoredLead();
    lead.update({ customFields: { budget: 5 }, tags: [] }, LATER);
    expect(onlyEvent(lead).data).toEqual({
      changes: { customFields: { budget: 5 }, tags: [] },
      previous: { customFields: { budget: 120000, specialty: 'anesthesiology' }, tags: ['vip'] },
    });
  });

  it('clears nullable fields with null', () => {
    const lead = aStoredLead();
    lead.update({ phone: null, region: null, timezone: null }, LATER);
    expect(lead.state).toMatchObject({ phone: null, region: null, timezone: null, email: 'ana@example.com' });
  });

  it('refuses, changing nothing, when a field is bad or the lead would have no phone and no email', () => {
    const lead = aStoredLead();
    const before = lead.state;
    expect(badFields(() => lead.update({ email: null, phone: null }, LATER))).toEqual(['email', 'phone']);
    expect(badFields(() => lead.update({ firstName: 'ok', phone: '300 123 4567' }, LATER))).toEqual(['phone']);
    expect(lead.state).toEqual(before);
    expect(lead.pendingEvents).toHaveLength(0);
  });

  it('never touches what other commands own', () => {
    const lead = aStoredLead();
    lead.update({ notes: 'called twice' }, LATER);
    const { stage, score, assignedTo, consent, stageEnteredAt } = aStoredLead().state;
    expect(lead.state).toMatchObject({ stage, score, assignedTo, consent, stageEnteredAt });
  });
});
