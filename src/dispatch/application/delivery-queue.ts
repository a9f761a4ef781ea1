import type { CallingWindowState, RetryPolicyState } from '../../campaigns/domain/campaign-state.js';
import type { DeliveryStatus } from '../domain/delivery-status.js';
import type { TemplateMember } from '../domain/script-template.js';
import type { SenderLimits } from '../domain/sender-choice.js';
import type { SenderChannel, SenderProvider } from '../domain/sender-state.js';

/** A sender a claimed delivery may go through, with its limits as the claim read them. */
export interface SenderOption {
  readonly id: string;
  readonly address: string;
  readonly provider: SenderProvider;
  readonly limits: SenderLimits;
}

/** A delivery a worker holds under a lease: everything it needs to plan and send without another query. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly claimToken: string;
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly channel: SenderChannel;
  readonly retryPolicy: RetryPolicyState;
  readonly scriptTemplate: string | null;
  readonly callingWindow: CallingWindowState | null;
  /** The member's own time zone; null: the calling window's. */
  readonly timezone: string | null;
  /**
   * The campaign's senders: its brand's active senders on its channel, narrowed to the campaign's
   * `senderIds` when set; sorted by id, and the same array for every delivery of a campaign.
   */
  readonly senders: readonly SenderOption[];
  readonly lead: TemplateMember;
}

/** A claimed delivery the worker means to send now through `senderId`, if the limits allow. */
export interface Reservation {
  readonly delivery: ClaimedDelivery;
  readonly senderId: string;
  /** Key of today in the campaign's `maxPerDay` zone (daily-cap.ts). */
  readonly campaignDay: string;
}

/**
 * What the reservation decided for one delivery:
 * - `send`: budget taken (a token, a place under each daily cap); send it now.
 * - `optedOut`: opted out of the channel or on the do-not-contact list: to be excluded.
 * - `alreadyReached`: the member was reached by the campaign already: the queue closed the delivery.
 * - `released`: the campaign stopped, or the chosen sender left it, since the claim: the delivery
 *   went back to the queue as it was, to be planned again.
 * - `campaignCap` / `senderCap`: today's `maxPerDay` of the campaign / `dailyCap` of the sender is spent.
 * - `wait`: no token now; `until` is the slot the sender keeps for it.
 */
export type ReservationDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'optedOut' }
  | { readonly kind: 'alreadyReached' }
  | { readonly kind: 'released' }
  | { readonly kind: 'campaignCap' }
  | { readonly kind: 'senderCap' }
  | { readonly kind: 'wait'; readonly until: Date };

/** What a worker learned about one claimed delivery; the queue turns it into state and counters in one statement. */
export interface DeliveryResult {
  readonly id: string;
  readonly claimToken: string;
  /** The attempt that was tried (the claim's); a retry's next attempt is `nextAttempt`. */
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly nextAttempt: number;
  /** For a delivery queued again: when it is due. */
  readonly scheduledAt: Date | null;
  readonly memberStatus: string;
  readonly outcome: string | null;
  readonly error: string | null;
  readonly providerRef: string | null;
  /** False when nothing reached the provider (an exclusion, a deferral): no attempt row is written. */
  readonly attempted: boolean;
  /** The sender the attempt went through; absent when nothing was sent (the stored one stays). */
  readonly senderId?: string;
}

/** The dispatch work queue (PostgreSQL in production). Every method is one transaction. */
export interface DeliveryQueue {
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * At claim time, for deliveries of one claim: checks the campaign is still active and the
   * member still reachable, and takes each send's budget from the shared limits (sender token
   * bucket, sender and campaign daily caps) atomically. `senderDay` keys today's sender counts.
   * A delivery missing from the answer is no longer held by this claim (its lease was taken over).
   */
  reserve(reservations: readonly Reservation[], now: Date, senderDay: string): Promise<Map<string, ReservationDecision>>;
  /** Records results; returns how many were applied (a result whose claim token is gone changes nothing). */
  record(results: readonly DeliveryResult[], now: Date): Promise<number>;
  /** Queues again, same attempt, the deliveries whose lease ran out; returns how many. */
  releaseExpiredLeases(now: Date): Promise<number>;
  /** Active campaigns with deliveries and none left to send. */
  exhaustedCampaigns(limit: number): Promise<{ id: string; brandId: string }[]>;
  /** True while the campaign has queued or sending deliveries (run inside the caller's transaction). */
  hasWorkLeft(campaignId: string): Promise<boolean>;
}

export const DELIVERY_QUEUE = Symbol.for('DeliveryQueue');
