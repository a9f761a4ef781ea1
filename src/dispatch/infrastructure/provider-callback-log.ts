import { newId, type Clock } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type {
  CallStatusEvent, InboundMessageEvent, MessageStatusEvent, ProviderCallbackSink,
} from '../application/provider-callbacks.js';

const INSERT = prepared('provider_callback_insert', `
  INSERT INTO provider_callbacks
    (id, provider, kind, event_key, brand_id, sender_id, delivery_id, provider_ref, status, occurred_at, received_at, event)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
  ON CONFLICT (provider, event_key) DO NOTHING`);

interface Row {
  kind: 'call_status' | 'message_status' | 'inbound_message';
  senderId: string | null;
  providerRef: string;
  status: string | null;
}

/**
 * The ProviderCallbackSink: every verified report goes to `provider_callbacks`, once per
 * (provider, eventKey) however often and in whatever order it arrives, and is acknowledged once
 * stored. It moves no status itself: the ProviderCallbackProcessor applies the status reports
 * (`processed_at` null until then) in order of `sequenceNumber` or `occurredAt`, forward only.
 * Written in the caller's unit of work when there is one.
 */
export class ProviderCallbackLog implements ProviderCallbackSink {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  callStatus(event: CallStatusEvent): Promise<void> {
    return this.#record(event, { kind: 'call_status', senderId: null, providerRef: event.providerCallId, status: event.status });
  }

  messageStatus(event: MessageStatusEvent): Promise<void> {
    return this.#record(event, { kind: 'message_status', senderId: null, providerRef: event.providerMessageId, status: event.status });
  }

  inboundMessage(event: InboundMessageEvent): Promise<void> {
    return this.#record(event, { kind: 'inbound_message', senderId: event.senderId, providerRef: event.from, status: null });
  }

  async #record(event: CallStatusEvent | MessageStatusEvent | InboundMessageEvent, row: Row): Promise<void> {
    await this.db.execute(INSERT, [
      newId(), event.provider, row.kind, event.eventKey, event.brandId, row.senderId, event.deliveryId,
      row.providerRef, row.status, event.occurredAt, this.clock.now(), JSON.stringify(event),
    ]);
  }
}
