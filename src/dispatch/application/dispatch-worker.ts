import type { Clock } from '../../../seedwork/domain/index.js';
import { attemptAfter, memberStatusAfter, nextDeliveryStatus, type DeliveryAction } from '../domain/delivery-status.js';
import { decideAfterFailure, type RandomSource } from '../domain/retry-schedule.js';
import { renderTemplate } from '../domain/script-template.js';
import { ProviderError, type ChannelGateway, type ChannelSendRequest } from './channel-gateway.js';
import { planClaim, retryTime } from './claim-plan.js';
import type { ClaimedDelivery, DeliveryQueue, DeliveryResult, Reservation, ReservationDecision } from './delivery-queue.js';

export interface DispatchSettings {
  /** Claim → send → record loops running side by side in this process. */
  readonly concurrency: number;
  readonly batchSize: number;
  /** How long a claim holds a delivery; a worker that dies leaves it to expire, then another takes it. */
  readonly leaseMs: number;
  /** Pause of a loop that found nothing due. */
  readonly idleMs: number;
}

export interface DispatchWorkerDeps {
  readonly queue: DeliveryQueue;
  readonly gateway: ChannelGateway;
  readonly clock: Clock;
  /** Finishes the campaign with `audience_exhausted` if, under its row lock, nothing is left to send. */
  readonly finishIfExhausted: (campaign: { id: string; brandId: string }) => Promise<void>;
  readonly random?: RandomSource;
  readonly onError?: (error: unknown) => void;
}

/** Email goes to the lead's address; every other channel reaches its phone number. */
function contactOf(delivery: ClaimedDelivery): string | null {
  return delivery.channel === 'email' ? delivery.lead.email : delivery.lead.phone;
}

function result(delivery: ClaimedDelivery, action: DeliveryAction, fields: Partial<DeliveryResult> = {}): DeliveryResult {
  return {
    id: delivery.id,
    claimToken: delivery.claimToken,
    attempt: delivery.attempt,
    status: nextDeliveryStatus('sending', action),
    nextAttempt: attemptAfter(action, delivery.attempt),
    scheduledAt: null,
    memberStatus: memberStatusAfter(action, true),
    outcome: null,
    error: null,
    providerRef: null,
    attempted: true,
    ...fields,
  };
}

/**
 * Back to the queue unsent, due at `until`: not an attempt (nothing reached a provider), so the
 * same attempt and idempotency key go out when it is sent.
 */
function deferred(delivery: ClaimedDelivery, until: Date): DeliveryResult {
  return { ...result(delivery, 'releaseLease'), scheduledAt: until, attempted: false, memberStatus: memberStatusAfter('defer', delivery.attempt > 1) };
}

/**
 * The claim → plan → reserve → send → record cycle. Every state change is one statement of the
 * queue, so a worker killed at any point leaves either a lease that expires (the same attempt is
 * sent again under the same idempotency key) or a recorded outcome, never half of one. A budget
 * reserved for a send that a crash then cut short is lost: limits err on the side of sending less.
 */
export class DispatchWorker {
  private readonly random: RandomSource;

  constructor(private readonly deps: DispatchWorkerDeps, private readonly settings: DispatchSettings) {
    this.random = deps.random ?? Math.random;
  }

  /**
   * Claims, plans, reserves, sends and records one batch; returns how many deliveries it claimed.
   * At most four statements whatever the batch holds: lease expiry, claim, reservation, record.
   * A delivery held back (calling window, limits, no sender) goes back to the queue in the
   * record, unsent and at the same attempt, due when it may go, so it is looked at again only then.
   */
  async runOnce(): Promise<number> {
    const { queue, clock } = this.deps;
    // One instant for the whole plan: the window, the day keys and the budget all agree on it.
    const now = clock.now();
    await queue.releaseExpiredLeases(now);
    const claimed = await queue.claim(now, this.settings.batchSize, this.settings.leaseMs);
    if (claimed.length === 0) return 0;
    const plan = planClaim(claimed, now);
    const results = plan.deferrals.map(({ delivery, until }) => deferred(delivery, until));
    const decisions = plan.reservations.length === 0 ? new Map<string, ReservationDecision>() : await queue.reserve(plan.reservations, now, plan.senderDay);
    const sends: Promise<DeliveryResult>[] = [];
    for (const reservation of plan.reservations) {
      const decision = decisions.get(reservation.delivery.id);
      // Absent: the lease was taken over; released or already reached: the queue settled it.
      if (decision === undefined || decision.kind === 'released' || decision.kind === 'alreadyReached') continue;
      if (decision.kind === 'send') sends.push(this.send(reservation));
      else if (decision.kind === 'optedOut') results.push({ ...result(reservation.delivery, 'exclude'), attempted: false, outcome: 'opted_out' });
      else results.push(deferred(reservation.delivery, retryTime(decision, reservation, plan, now)));
    }
    results.push(...(await Promise.all(sends)));
    await queue.record(results, clock.now());
    return claimed.length;
  }

  /** Finishes every active campaign with nothing left to send. */
  async finishExhausted(): Promise<number> {
    const campaigns = await this.deps.queue.exhaustedCampaigns(100);
    for (const campaign of campaigns) await this.deps.finishIfExhausted(campaign);
    return campaigns.length;
  }

  /** Runs `concurrency` loops until stopped. */
  start(): { stop(): Promise<void> } {
    let stopped = false;
    let wake: (() => void) | undefined;
    const sleep = (ms: number) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => { clearTimeout(timer); resolve(); };
    });
    const loop = async (index: number) => {
      while (!stopped) {
        try {
          const claimed = await this.runOnce();
          // One loop watches for campaigns to finish, when there is little to do.
          if (claimed < this.settings.batchSize && index === 0) await this.finishExhausted();
          if (claimed === 0) await sleep(this.settings.idleMs);
        } catch (error) {
          this.deps.onError?.(error);
          await sleep(this.settings.idleMs);
        }
      }
    };
    const loops = Array.from({ length: this.settings.concurrency }, (_, i) => loop(i));
    return {
      async stop() {
        stopped = true;
        wake?.();
        await Promise.all(loops);
      },
    };
  }

  private async send({ delivery, senderId }: Reservation): Promise<DeliveryResult> {
    const sender = delivery.senders.find((s) => s.id === senderId)!;
    const to = contactOf(delivery);
    if (to === null) return result(delivery, 'failPermanent', { error: 'invalid_number', outcome: 'unreachable', senderId });
    const request: ChannelSendRequest = {
      idempotencyKey: delivery.idempotencyKey,
      brandId: delivery.brandId,
      channel: delivery.channel,
      sender: { address: sender.address, provider: sender.provider },
      to,
      text: renderTemplate(delivery.scriptTemplate ?? '', delivery.lead, delivery.channel),
      campaignId: delivery.campaignId,
      leadId: delivery.leadId,
      deliveryId: delivery.id,
    };
    try {
      const sent = await this.deps.gateway.send(request);
      return result(delivery, 'succeed', { outcome: sent.status, providerRef: sent.providerRef, senderId });
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const decision = decideAfterFailure({ attempt: delivery.attempt, error: error.kind, policy: delivery.retryPolicy, now: this.deps.clock.now(), random: this.random });
      return result(delivery, decision.action, {
        error: error.kind,
        outcome: error.message,
        senderId,
        ...(decision.action === 'failRetryable' && { scheduledAt: decision.retryAt }),
      });
    }
  }
}
