import type { Clock } from '../../../seedwork/domain/index.js';
import { outcomeAfterReport, type MessageOutcome } from '../domain/message-outcome.js';
import type { CallbackResult, MessageStatusEvent } from './provider-callbacks.js';

/** A delivery the provider accepted, as a message status report finds it. */
export interface SentDelivery {
  readonly id: string;
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  /** The attempt that succeeded: a succeeded delivery is final. */
  readonly attempt: number;
  readonly outcome: string | null;
  /** Reports applied since the send. */
  readonly outcomeReports: number;
  readonly providerRef: string;
}

/** What a report changes on a sent delivery. */
export interface OutcomeReport {
  readonly outcome: MessageOutcome;
  readonly previousOutcome: string | null;
  /** Why it never reached the contact (a ProviderErrorKind), for the outcomes that say so. */
  readonly error: string | null;
  readonly providerStatus: string;
}

/** Dispatch's sent deliveries, as status reports read and move them. */
export interface SentDeliveries {
  /** The succeeded delivery with the provider's `providerRef`, locked; also of `brandId` and with id `deliveryId` when given. Null when there is none. */
  findForUpdate(providerRef: string, target: { readonly brandId: string | null; readonly deliveryId: string | null }): Promise<SentDelivery | null>;
  /** Writes the new outcome and its DeliveryOutcomeReported event together, in the caller's unit of work. */
  report(delivery: SentDelivery, report: OutcomeReport, now: Date): Promise<void>;
}

/**
 * Applies a message status report (SMS, WhatsApp) to its delivery, moving the outcome forward
 * only (message-outcome.ts).
 *
 * A report that the message never reached the contact comes after dispatch recorded the send as
 * `succeeded`: the provider took it. The delivery keeps that status, and the campaign's counters
 * (`successful`, `failed`, `pending`) stay as they are: they count what dispatch did with each
 * member, and sending again could reach a contact twice (the provider may have delivered after
 * all, or the failure is the address's). The outcome and error say what happened afterwards, and
 * the DeliveryOutcomeReported event lets reports count delivered and undelivered messages.
 */
export class MessageStatusReceiver {
  constructor(private readonly deliveries: SentDeliveries, private readonly clock: Clock) {}

  async receive(event: MessageStatusEvent): Promise<CallbackResult> {
    const delivery = await this.deliveries.findForUpdate(event.providerMessageId, { brandId: event.brandId, deliveryId: event.deliveryId });
    if (!delivery) return 'unmatched';
    const outcome = outcomeAfterReport(delivery.outcome, event.status);
    if (outcome === null) return 'ignored';
    // A cancelled message has no error: nobody tried to reach the contact.
    const error = outcome === 'undelivered' || outcome === 'failed' ? (event.errorKind ?? 'unavailable') : null;
    await this.deliveries.report(delivery, { outcome, previousOutcome: delivery.outcome, error, providerStatus: event.providerStatus }, this.clock.now());
    return 'applied';
  }
}
