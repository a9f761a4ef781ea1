import { InvalidTransitionError } from '../../../seedwork/domain/index.js';

/**
 * A delivery is the work item that reaches one audience member of a campaign: one row per
 * member, whose `attempt` grows with each retry (every attempt is also recorded).
 */
export const DELIVERY_STATUSES = ['queued', 'sending', 'succeeded', 'failed', 'cancelled', 'expired'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Statuses no action leaves. */
export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['succeeded', 'failed', 'cancelled', 'expired'];

/** The member's row in the campaign audience (API.md); the same list as the `campaign_audience` CHECK. */
export const AUDIENCE_MEMBER_STATUSES = ['pending', 'in_progress', 'succeeded', 'failed', 'excluded'] as const;
export type AudienceMemberStatus = (typeof AUDIENCE_MEMBER_STATUSES)[number];

export const DELIVERY_ACTIONS = [
  'claim',
  'defer',
  'succeed',
  'failRetryable',
  'failPermanent',
  'exhaustRetries',
  'releaseLease',
  'exclude',
  'cancel',
  'expire',
] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

export interface DeliveryTransition {
  readonly from: readonly DeliveryStatus[];
  readonly to: DeliveryStatus;
  /**
   * `next` starts a new attempt (and so a new idempotency key); `same` keeps it, so a send that
   * may already have reached the provider is repeated under the key it used.
   */
  readonly attempt: 'same' | 'next';
  /**
   * The member's status afterwards, by whether it had been tried before the action (its
   * `attempts` > 0; claiming sets it). Only `defer`, `cancel` and `expire` tell the two apart.
   */
  readonly member: { readonly untried: AudienceMemberStatus; readonly tried: AudienceMemberStatus };
}

const same = (status: AudienceMemberStatus) => ({ untried: status, tried: status });

/**
 * The delivery lifecycle. Cancel and expire take only queued deliveries: a send already handed
 * to a worker finishes and its outcome is recorded, exactly as when a campaign is paused, so
 * nothing the provider did goes unrecorded. A campaign that stops before a member was tried
 * leaves it `pending` (the campaign's status says why); one tried before leaves it `failed`:
 * every attempt it got failed, and no other will come.
 */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryAction, DeliveryTransition>> = {
  // A worker takes the delivery under a lease.
  claim: { from: ['queued'], to: 'sending', attempt: 'same', member: same('in_progress') },
  // Outside the calling window or over a rate limit or daily cap at claim time: later, nothing sent.
  defer: { from: ['queued'], to: 'queued', attempt: 'same', member: { untried: 'pending', tried: 'in_progress' } },
  succeed: { from: ['sending'], to: 'succeeded', attempt: 'same', member: same('succeeded') },
  // A transient error with attempts left: queued again with a later scheduledAt (retry-schedule.ts).
  failRetryable: { from: ['sending'], to: 'queued', attempt: 'next', member: same('in_progress') },
  failPermanent: { from: ['sending'], to: 'failed', attempt: 'same', member: same('failed') },
  // A transient error on the last attempt the retry policy allows.
  exhaustRetries: { from: ['sending'], to: 'failed', attempt: 'same', member: same('failed') },
  // The lease ran out (the worker died or hung): the outcome is unknown, so the same attempt is sent again.
  releaseLease: { from: ['sending'], to: 'queued', attempt: 'same', member: same('in_progress') },
  // Opted out, on a do-not-contact list or already reached: found at claim time or just before the provider call.
  exclude: { from: ['queued', 'sending'], to: 'cancelled', attempt: 'same', member: same('excluded') },
  cancel: { from: ['queued'], to: 'cancelled', attempt: 'same', member: { untried: 'pending', tried: 'failed' } },
  // The campaign's endAt was reached.
  expire: { from: ['queued'], to: 'expired', attempt: 'same', member: { untried: 'pending', tried: 'failed' } },
};

/** Status after `action`; throws InvalidTransitionError (409) when the action is not allowed from `current`. */
export function nextDeliveryStatus(current: DeliveryStatus, action: DeliveryAction): DeliveryStatus {
  const transition = DELIVERY_TRANSITIONS[action];
  if (!transition.from.includes(current)) throw new InvalidTransitionError('Delivery', current, action);
  return transition.to;
}

/** The attempt number after `action`. */
export function attemptAfter(action: DeliveryAction, attempt: number): number {
  return DELIVERY_TRANSITIONS[action].attempt === 'next' ? attempt + 1 : attempt;
}

/** The audience member's status after `action`, given whether it had been tried before. */
export function memberStatusAfter(action: DeliveryAction, tried: boolean): AudienceMemberStatus {
  const { member } = DELIVERY_TRANSITIONS[action];
  return tried ? member.tried : member.untried;
}
