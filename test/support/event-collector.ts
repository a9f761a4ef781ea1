import { parseEnvelope, type EventEnvelope } from '../../seedwork/infrastructure/messaging/event-envelope.js';
import type { MessageTransport, ReceivedMessage, Subscription } from '../../seedwork/infrastructure/messaging/message-transport.js';

/**
 * A downstream consumer as API.md describes one: deduplicates by `eventId` and checks that each
 * aggregate's versions arrive consecutively (1, 2, 3, …) as first seen.
 */
export class EventCollector {
  readonly events = new Map<string, EventEnvelope>();
  readonly orderViolations: string[] = [];
  readonly mismatches: string[] = [];
  duplicates = 0;
  readonly #lastVersion = new Map<string, number>();
  readonly #subscriptions: Subscription[] = [];

  /** Key_Shared subscription from the earliest message on each topic. */
  async subscribe(transport: MessageTransport, topics: string[], subscription = 'collector'): Promise<void> {
    for (const topic of topics) {
      this.#subscriptions.push(await transport.subscribe({ topic, subscription, receiverQueueSize: 1000 }, async (message) => {
        this.receive(message);
        return 'ack';
      }));
    }
  }

  receive(message: ReceivedMessage): void {
    const envelope = parseEnvelope(message.payload);
    if (this.events.has(envelope.eventId)) {
      this.duplicates++;
      return;
    }
    this.events.set(envelope.eventId, envelope);
    if (message.key !== envelope.aggregateId || message.properties.eventId !== envelope.eventId
      || message.properties.aggregateVersion !== String(envelope.aggregateVersion)) {
      this.mismatches.push(`${envelope.eventId}: key/properties do not match the envelope`);
    }
    const last = this.#lastVersion.get(envelope.aggregateId) ?? 0;
    if (envelope.aggregateVersion !== last + 1) {
      this.orderViolations.push(`${envelope.aggregateType} ${envelope.aggregateId}: v${envelope.aggregateVersion} after v${last}`);
    }
    this.#lastVersion.set(envelope.aggregateId, Math.max(last, envelope.aggregateVersion));
  }

  async waitForCount(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.size < count) {
      if (Date.now() > deadline) throw new Error(`received ${this.events.size} of ${count} events within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#subscriptions.map((s) => s.close()));
  }
}
