import { prepared, type Database } from '../database/database.js';
import { currentTransaction } from '../database/transaction-context.js';
import type { EventEnvelope } from './event-envelope.js';

/** What a consumer does with one event; runs inside the transaction that records it in the inbox. */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

const CLAIM = prepared('event_inbox_claim', `INSERT INTO event_inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`);

/**
 * The `event_inbox` table: which events each consumer has processed. Recording an event there in
 * the same transaction as the handler's effects makes "done" and "recorded" one fact, so a
 * redelivery (at-least-once transport, crash between commit and ack) never applies it twice.
 */
export class Inbox {
  constructor(private readonly db: Database) {}

  /**
   * Records the event for the consumer; false when it was recorded before. A concurrent
   * transaction claiming the same event waits for this one on the primary key, then sees it.
   */
  async claim(consumer: string, eventId: string): Promise<boolean> {
    if (!currentTransaction()?.client) throw new Error('Inbox.claim must run inside a transaction (UnitOfWork.run)');
    return (await this.db.execute(CLAIM, [consumer, eventId])) === 1;
  }

  /** Runs the handler unless the consumer already processed the event; in the caller's transaction. */
  async handleOnce(consumer: string, event: EventEnvelope, handler: EventHandler): Promise<'handled' | 'duplicate'> {
    if (!(await this.claim(consumer, event.eventId))) return 'duplicate';
    await handler(event);
    return 'handled';
  }
}
