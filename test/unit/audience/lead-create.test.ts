import { Lead } from '../../../src/audience/domain/lead.js';
import { leadSnapshotJson } from '../../../src/audience/domain/lead-events.js';
import { aCreateInput, aNewLead, badFields, LEAD_ID, NOW, onlyEvent } from './lead.mother.js';

describe('Lead.create', () => {
  it('makes a lead in stage new with defaults, full consent and version 1', () => {
    const lead = aNewLead();
    expect(lead.state).toEqual({
      id: LEAD_ID, brandId: 'acme', firstName: '', lastName: '', phone: '+573001234567', email: null, timezone: null, region: null,
      tags: [], customFields: {}, score: 0, stage: 'new', stageEnteredAt: NOW, assignedTo: null, treatment: 'automated_call',
      nextActionAt: null, notes: '', consent: { doNotContact: false, optedOutChannels: [], reason: null, updatedAt: NOW },
      lastContactedAt: null, interactions: 0, version: 1, createdAt: NOW, updatedAt: NOW,
    });
  });

  it('records LeadCreated with the full snapshot as JSON', () => {
    const lead = aNewLead({ firstName: 'Ana', email: 'ana@Example.com', tags: ['vip'], customFields: { budget: 1 }, score: 30, stage: 'follow_up', assignedTo: 'agent-7' });
    const event = onlyEvent(lead);
    expect(event).toMatchObject({ eventType: 'LeadCreated', schemaVersion: 1, aggregateType: 'Lead', aggregateId: LEAD_ID, aggregateVersion: 1, brandId: 'acme', occurredAt: NOW });
    expect(event.data).toEqual(leadSnapshotJson(lead.state));
    expect(event.data).toMatchObject({
      id: LEAD_ID, firstName: 'Ana', email: 'ana@example.com', tags: ['vip'], customFields: { budget: 1 }, score: 30, stage: 'follow_up',
      stageEnteredAt: NOW.toISOString(), assignedTo: 'agent-7', consent: { doNotContact: false, optedOutChannels: [], reason: null, updatedAt: NOW.toISOString() },
      createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
    });
    expect(event.data).not.toHaveProperty('version');
  });

  it('reads a national phone in the default country it is given', () => {
    const lead = Lead.create(aCreateInput({ phone: '(212) 555-0123' }), NOW, { defaultCountry: 'US' });
    expect(lead.state.phone).toBe('+12125550123');
  });

  it('accepts a lead with only an email', () => {
    expect(aNewLead({ phone: undefined, email: 'ana@example.com' }).state).toMatchObject({ phone: null, email: 'ana@example.com' });
  });

  it('names every bad field in one error, including the create-only ones', () => {
    expect(badFields(() => Lead.create({ brandId: 'bad brand!', phone: '12', score: 101, stage: 'closed', assignedTo: '  ' }, NOW, { id: 'not-a-uuid' })))
      .toEqual(['assignedTo', 'brandId', 'id', 'phone', 'score', 'stage']);
  });

  it('needs a phone or an email', () => {
    expect(badFields(() => Lead.create({ brandId: 'acme', firstName: 'Ana' }, NOW))).toEqual(['phone']);
  });

  it('copies what it is given, so the caller cannot change the lead afterwards', () => {
    const tags = ['vip'];
    const at = new Date(NOW.getTime());
    const lead = Lead.create(aCreateInput({ tags, nextActionAt: at }), at);
    tags.push('mutated');
    at.setTime(0);
    expect(lead.state.tags).toEqual(['vip']);
    expect(lead.state.createdAt).toEqual(NOW);
    expect(lead.state.nextActionAt).toEqual(NOW);
  });
});
