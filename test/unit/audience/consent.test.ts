import { CONTACT_CHANNELS, type ConsentState, type ContactChannel } from '../../../src/audience/domain/lead-state.js';
import { consentAfterOptIn, consentAfterOptOut, contactChannels, initialConsent } from '../../../src/audience/domain/value-objects/consent.js';
import { aStoredLead, expectNoChange, LATER, NOW, onlyEvent, STORED_VERSION, validationErrorOf } from './lead.mother.js';

const ALL = [...CONTACT_CHANNELS];
const consent = (optedOutChannels: ContactChannel[], reason: string | null = null): ConsentState =>
  ({ doNotContact: optedOutChannels.length === ALL.length, optedOutChannels, reason, updatedAt: NOW });

describe('consent rules', () => {
  it('starts with every channel allowed', () => {
    expect(initialConsent(NOW)).toEqual({ doNotContact: false, optedOutChannels: [], reason: null, updatedAt: NOW });
  });

  describe('channels named by a command', () => {
    it('mean every channel when left out', () => {
      expect(contactChannels(undefined)).toEqual(ALL);
    });

    it('come back deduplicated in canonical order', () => {
      expect(contactChannels(['sms', 'call', 'sms'])).toEqual(['call', 'sms']);
    });

    it.each([
      ['an empty list', [], /at least one channel; leave it out to mean every channel/],
      ['an unknown channel', ['call', 'fax'], /must contain only call, whatsapp, telegram, email, sms \(got fax\)/],
      ['not a list', 'sms', /at least one channel/],
      ['null', null, /at least one channel/],
    ])('refuse %s', (_name, raw, message) => {
      expect(validationErrorOf(() => contactChannels(raw)).errors).toEqual([{ field: 'channels', message: expect.stringMatching(message) }]);
    });
  });

  // given consent, when opting out of / in to channels, then the resulting consent (or null: no change).
  it.each<[string, ConsentState, 'out' | 'in', ContactChannel[], ConsentState | null]>([
    ['opt out of one channel', consent([]), 'out', ['sms'], consent(['sms'], 'r')],
    ['opt out of more channels', consent(['sms']), 'out', ['email', 'call'], consent(['call', 'email', 'sms'], 'r')],
    ['opt out of every channel: do not contact', consent(['sms']), 'out', ALL, consent(ALL, 'r')],
    ['opt out of the last allowed channel: do not contact', consent(['call', 'whatsapp', 'telegram', 'email']), 'out', ['sms'], consent(ALL, 'r')],
    ['opt out again of a channel already out: nothing', consent(['sms']), 'out', ['sms'], null],
    ['opt out of everything while do-not-contact: nothing', consent(ALL), 'out', ALL, null],
    ['opt in to every channel: clears everything', consent(ALL), 'in', ALL, consent([], 'r')],
    ['opt in to one channel of a do-not-contact lead: the others stay out', consent(ALL), 'in', ['email'], consent(['call', 'whatsapp', 'telegram', 'sms'], 'r')],
    ['opt in to one of two channels out', consent(['email', 'sms']), 'in', ['sms'], consent(['email'], 'r')],
    ['opt in to a channel that was never out: nothing', consent(['sms']), 'in', ['call'], null],
    ['opt in while nothing is out: nothing', consent([]), 'in', ALL, null],
  ])('%s', (_name, current, direction, channels, expected) => {
    const change = direction === 'out' ? consentAfterOptOut : consentAfterOptIn;
    const after = change(current, channels, 'r', LATER);
    expect(after).toEqual(expected && { ...expected, updatedAt: LATER });
  });
});

describe('Lead.optOut / optIn', () => {
  it('opting out without channels makes the lead do-not-contact and records LeadOptedOut with every channel', () => {
    const lead = aStoredLead();
    lead.optOut(undefined, '  asked by phone ', LATER);
    expect(lead.state.consent).toEqual({ doNotContact: true, optedOutChannels: ALL, reason: 'asked by phone', updatedAt: LATER });
    expect(lead.state).toMatchObject({ version: STORED_VERSION + 1, updatedAt: LATER });
    expect(onlyEvent(lead)).toMatchObject({
      eventType: 'LeadOptedOut',
      aggregateType: 'Lead',
      aggregateVersion: STORED_VERSION + 1,
      occurredAt: LATER,
      data: { channels: ALL, reason: 'asked by phone', doNotContact: true, optedOutChannels: ALL },
    });
  });

  it('opting out of channels records the channels named and the consent that results', () => {
    const lead = aStoredLead({ consent: consent(['email']) });
    lead.optOut(['sms', 'whatsapp'], undefined, LATER);
    expect(onlyEvent(lead).data).toEqual({ channels: ['whatsapp', 'sms'], reason: null, doNotContact: false, optedOutChannels: ['whatsapp', 'email', 'sms'] });
  });

  it('opting in records LeadOptedIn', () => {
    const lead = aStoredLead({ consent: consent(ALL, 'stop') });
    lead.optIn(['call'], 'called us back', LATER);
    expect(lead.state.consent).toEqual({ doNotContact: false, optedOutChannels: ['whatsapp', 'telegram', 'email', 'sms'], reason: 'called us back', updatedAt: LATER });
    expect(onlyEvent(lead)).toMatchObject({ eventType: 'LeadOptedIn', data: { channels: ['call'], reason: 'called us back', doNotContact: false } });
  });

  it('a repeated STOP changes nothing and records nothing', () => {
    const lead = aStoredLead({ consent: consent(['sms'], 'STOP') });
    expectNoChange(lead, () => lead.optOut(['sms'], 'STOP again', LATER));
    expectNoChange(lead, () => lead.optIn(['call'], undefined, LATER));
  });

  it('names bad channels and a bad reason together', () => {
    const lead = aStoredLead();
    expect(validationErrorOf(() => lead.optOut([], 'x'.repeat(501), LATER)).errors.map((e) => e.field).sort()).toEqual(['channels', 'reason']);
    expect(lead.pendingEvents).toHaveLength(0);
  });
});
