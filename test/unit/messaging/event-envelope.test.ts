import { parseEnvelope, toEventMessage, topicForAggregate } from '../../../seedwork/infrastructure/messaging/event-envelope.js';
import type { StoredEvent } from '../../../seedwork/infrastructure/event-store/event-store.js';

const where = { tenant: 'public', namespace: 'campaign-management' };

const event: StoredEvent = {
  position: '1234',
  eventId: '0190a1b2-0000-7000-8000-000000000001',
  eventType: 'CampaignActivated',
  schemaVersion: 1,
  aggregateType: 'Campaign',
  aggregateId: '0190a1b2-0000-7000-8000-0000000000aa',
  aggregateVersion: 4,
  brandId: 'acme',
  occurredAt: new Date('2026-11-23T10:00:00.000Z'),
  data: { reason: 'manual' },
  metadata: { correlationId: 'corr-1', causationId: 'cause-1', actor: { sub: 'user-1', role: 'brand_manager' } },
};

describe('event envelope (API.md "Pulsar events")', () => {
  it('names one topic per aggregate type', () => {
    expect(topicForAggregate('Campaign', where)).toBe('persistent://public/campaign-management/campaign-events');
    expect(topicForAggregate('Lead', where)).toBe('persistent://public/campaign-management/lead-events');
    expect(topicForAggregate('VoiceCall', where)).toBe('persistent://public/campaign-management/voice-call-events');
    expect(topicForAggregate('AudienceList', { tenant: 't', namespace: 'n' })).toBe('persistent://t/n/audience-list-events');
    expect(topicForAggregate('SMSMessage', where)).toBe('persistent://public/campaign-management/sms-message-events');
  });

  it('keys by aggregate id, carries the eight properties, and wraps the event in the JSON envelope', () => {
    const message = toEventMessage(event, where);
    expect(message.topic).toBe('persistent://public/campaign-management/campaign-events');
    expect(message.key).toBe(event.aggregateId);
    expect(message.sequenceId).toBe(1234n);
    expect(message.eventTime).toEqual(event.occurredAt);
    expect(message.properties).toEqual({
      eventType: 'CampaignActivated', eventId: event.eventId, schemaVersion: '1', aggregateType: 'Campaign',
      aggregateId: event.aggregateId, aggregateVersion: '4', brandId: 'acme', correlationId: 'corr-1',
    });
    expect(JSON.parse(message.payload.toString('utf8'))).toEqual({
      eventId: event.eventId, eventType: 'CampaignActivated', schemaVersion: 1, aggregateType: 'Campaign',
      aggregateId: event.aggregateId, aggregateVersion: 4, brandId: 'acme', occurredAt: '2026-11-23T10:00:00.000Z',
      position: '1234', correlationId: 'corr-1', causationId: 'cause-1', actor: { sub: 'user-1', role: 'brand_manager' },
      data: { reason: 'manual' },
    });
    expect(parseEnvelope(message.payload).position).toBe('1234');
  });

  it('writes a missing causation id as null', () => {
    const withoutCause = { ...event, metadata: { ...event.metadata, causationId: null } };
    expect(parseEnvelope(toEventMessage(withoutCause, where).payload).causationId).toBeNull();
  });
});
