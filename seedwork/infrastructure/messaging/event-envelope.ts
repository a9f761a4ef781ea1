import type { StoredEvent } from '../event-store/event-store.js';
import type { OutgoingMessage } from './message-transport.js';

/** The JSON payload of every event message (API.md, "Pulsar events"). */
export interface EventEnvelope {
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly brandId: string;
  readonly occurredAt: string;
  /** The event's place in the log; a string because it is a 64-bit integer. */
  readonly position: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: { readonly sub: string; readonly role: string };
  readonly data: Record<string, unknown>;
}

export interface TopicNamespace {
  readonly tenant: string;
  readonly namespace: string;
}

/** `VoiceCall` → `voice-call`, `SMSMessage` → `sms-message`. */
function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** One topic per aggregate type: Campaign → `campaign-events`, VoiceCall → `voice-call-events`. */
export function topicForAggregate(aggregateType: string, where: TopicNamespace): string {
  return `persistent://${where.tenant}/${where.namespace}/${kebabCase(aggregateType)}-events`;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    brandId: event.brandId,
    occurredAt: event.occurredAt.toISOString(),
    position: event.position,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
    actor: { sub: event.metadata.actor.sub, role: event.metadata.actor.role },
    data: event.data,
  };
}

/**
 * A logged event as a message: keyed by aggregate id so `Key_Shared` keeps each aggregate's order,
 * the routing facts as properties (filtering without parsing), the envelope as UTF-8 JSON, and the
 * log position as sequence id for broker-side deduplication.
 */
export function toEventMessage(event: StoredEvent, where: TopicNamespace): OutgoingMessage {
  const envelope = toEnvelope(event);
  return {
    topic: topicForAggregate(event.aggregateType, where),
    key: event.aggregateId,
    payload: Buffer.from(JSON.stringify(envelope), 'utf8'),
    properties: {
      eventType: envelope.eventType,
      eventId: envelope.eventId,
      schemaVersion: String(envelope.schemaVersion),
      aggregateType: envelope.aggregateType,
      aggregateId: envelope.aggregateId,
      aggregateVersion: String(envelope.aggregateVersion),
      brandId: envelope.brandId,
      correlationId: envelope.correlationId,
    },
    sequenceId: BigInt(event.position),
    eventTime: event.occurredAt,
  };
}

/** Reads an envelope back from a message payload (consumers, replay). */
export function parseEnvelope(payload: Buffer): EventEnvelope {
  const envelope = JSON.parse(payload.toString('utf8')) as EventEnvelope;
  if (typeof envelope?.eventId !== 'string' || typeof envelope.aggregateVersion !== 'number') {
    throw new Error('message payload is not an event envelope');
  }
  return envelope;
}
