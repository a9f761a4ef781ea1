import type { RetryPolicyState } from '../../campaigns/domain/campaign-state.js';
import type { DeliveryStatus } from '../domain/delivery-status.js';
import type { TemplateMember } from '../domain/script-template.js';
import type { SenderChannel, SenderProvider } from '../domain/sender-state.js';

/** A delivery a worker holds under a lease: everything it needs to send without another query. */
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
  readonly sender: { readonly id: string; readonly address: string; readonly provider: SenderProvider } | null;
  readonly lead: TemplateMember;
}

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
  /** False when nothing reached the provider (an exclusion): no attempt row is written. */
  readonly attempted: boolean;
}

/** Which of a claimed batch may go to the provider now, re-checked just before the call. */
export interface SendCheck {
  readonly allowed: readonly string[];
  /** Opted out or on the do-not-contact list since the claim. */
  readonly excluded: readonly string[];
  /** The campaign left `active` since the claim: the deliveries went back to the queue unsent. */
  readonly released: readonly string[];
}

/** The dispatch work queue (PostgreSQL in production). Every method is one transaction. */
export interface DeliveryQueue {
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  checkBeforeSend(claimed: readonly ClaimedDelivery[], now: Date): Promise<SendCheck>;
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
