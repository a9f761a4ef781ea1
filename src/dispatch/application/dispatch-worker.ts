import type { Clock } from '../../../seedwork/domain/index.js';
import { attemptAfter, memberStatusAfter, nextDeliveryStatus, type DeliveryAction } from '../domain/delivery-status.js';
import { decideAfterFailure, type RandomSource } from '../domain/retry-schedule.js';
import { renderTemplate } from '../domain/script-template.js';
import { ProviderError, type ChannelGateway, type ChannelSendRequest } from './channel-gateway.js';
import type { ClaimedDelivery, DeliveryQueue, DeliveryResult } from './delivery-queue.js';

export interface DispatchSettings {
  /** Claim → send → record loops running side by side in this process. */
  readonly concurrency: number;
  readonly batchSize: number;
  /** How long a claim holds a delivery; a worker that dies leaves it to expire, then another takes it. */
  readonly leaseMs: number;
  /** Pause of a loop that found nothing due. */
  readonly idleMs: number;
}

/** A delivery with no active sender on its channel waits this long before it is looked at again. */
export const NO_SENDER_RETRY_MS = 60_000;

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
 * The claim → check → send → record cycle. Every state change is one statement of the queue, so
 * a worker killed at any point leaves either a lease that expires (the same attempt is sent again
 * under the same idempotency key) or a recorded outcome, never half of one.
 */
export class DispatchWorker {
  private readonly random: RandomSource;

  constructor(private readonly deps: DispatchWorkerDeps, private readonly settings: DispatchSettings) {
    this.random = deps.random ?? Math.random;
  }

  /** Claims, sends and records one batch; returns how many deliveries it claimed. */
  async runOnce(): Promise<number> {
    const { queue, clock } = this.deps;
    await queue.releaseExpiredLeases(clock.now());
    const claimed = await queue.claim(clock.now(), this.settings.batchSize, this.settings.leaseMs);
    if (claimed.length === 0) return 0;
    const results: DeliveryResult[] = [];
    const sendable: ClaimedDelivery[] = [];
    for (const delivery of claimed) {
      if (delivery.sender === null) {
        // Not an attempt: nothing reached a provider. Back to the queue, later, same attempt.
        results.push({ ...result(delivery, 'releaseLease'), scheduledAt: new Date(clock.now().getTime() + NO_SENDER_RETRY_MS), attempted: false, memberStatus: memberStatusAfter('defer', delivery.attempt > 1) });
      } else {
        sendable.push(delivery);
      }
    }
    const check = await queue.checkBeforeSend(sendable, clock.now());
    const allowed = new Set(check.allowed);
    const excluded = new Set(check.excluded);
    for (const delivery of sendable) {
      if (excluded.has(delivery.id)) results.push({ ...result(delivery, 'exclude'), attempted: false, outcome: 'opted_out' });
    }
    const sends = sendable.filter((d) => allowed.has(d.id)).map((d) => this.send(d));
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

  private async send(delivery: ClaimedDelivery): Promise<DeliveryResult> {
    const to = contactOf(delivery);
    if (to === null) return result(delivery, 'failPermanent', { error: 'invalid_number', outcome: 'unreachable' });
    const request: ChannelSendRequest = {
      idempotencyKey: delivery.idempotencyKey,
      brandId: delivery.brandId,
      channel: delivery.channel,
      sender: { address: delivery.sender!.address, provider: delivery.sender!.provider },
      to,
      text: renderTemplate(delivery.scriptTemplate ?? '', delivery.lead, delivery.channel),
      campaignId: delivery.campaignId,
      leadId: delivery.leadId,
      deliveryId: delivery.id,
    };
    try {
      const sent = await this.deps.gateway.send(request);
      return result(delivery, 'succeed', { outcome: sent.status, providerRef: sent.providerRef });
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const decision = decideAfterFailure({ attempt: delivery.attempt, error: error.kind, policy: delivery.retryPolicy, now: this.deps.clock.now(), random: this.random });
      return result(delivery, decision.action, {
        error: error.kind,
        outcome: error.message,
        ...(decision.action === 'failRetryable' && { scheduledAt: decision.retryAt }),
      });
    }
  }
}
