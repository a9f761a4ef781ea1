import { CallingWindowSchedule } from '../domain/calling-window-schedule.js';
import { campaignCapZone, dayKey, nextDayStart, SENDER_CAP_ZONE } from '../domain/daily-cap.js';
import { chooseSenders, senderCapacity, type SenderCapacity } from '../domain/sender-choice.js';
import type { ClaimedDelivery, Reservation, ReservationDecision, SenderOption } from './delivery-queue.js';

/** A delivery with no active sender on its channel waits this long before it is looked at again. */
export const NO_SENDER_RETRY_MS = 60_000;

/** A claimed delivery that cannot go now whatever the budget, and when it may. */
export interface Deferral {
  readonly delivery: ClaimedDelivery;
  readonly until: Date;
}

/** What a worker makes of a claimed batch before taking any budget. */
export interface ClaimPlan {
  /** The deliveries to send now, each through its chosen sender, if the reservation grants it. */
  readonly reservations: readonly Reservation[];
  /** Outside the calling window, with no sender, or with every sender at its daily cap. */
  readonly deferrals: readonly Deferral[];
  /** Today's key of the senders' daily caps. */
  readonly senderDay: string;
  /** What each sender could take, as the claim read it. */
  readonly capacities: ReadonlyMap<string, SenderCapacity>;
}

/**
 * Plans a claimed batch at `now`: the calling window, read in the member's zone (else the
 * window's), defers whoever it does not cover to its next opening; the rest are spread over
 * their campaign's senders (sender-choice.ts). Nothing here is shared state: the reservation
 * that follows decides, for every worker at once, what may really go.
 */
export function planClaim(claimed: readonly ClaimedDelivery[], now: Date): ClaimPlan {
  const openings = new Map<string, Date | null>();
  const campaignDays = new Map<string, string>();
  const capacities = new Map<string, SenderCapacity>();
  const pools = new Map<readonly SenderOption[], SenderCapacity[]>();
  const deferrals: Deferral[] = [];
  const candidates: ClaimedDelivery[] = [];

  for (const delivery of claimed) {
    // Deliveries of one campaign share the window; members of one zone share its opening.
    const windowKey = `${delivery.campaignId}|${delivery.timezone ?? ''}`;
    if (!openings.has(windowKey)) {
      const schedule = CallingWindowSchedule.of(delivery.callingWindow, delivery.timezone);
      openings.set(windowKey, schedule.isOpen(now) ? null : schedule.nextOpening(now));
    }
    const opening = openings.get(windowKey)!;
    if (opening !== null) deferrals.push({ delivery, until: opening });
    else if (delivery.senders.length === 0) deferrals.push({ delivery, until: new Date(now.getTime() + NO_SENDER_RETRY_MS) });
    else candidates.push(delivery);
  }

  const poolOf = (delivery: ClaimedDelivery): SenderCapacity[] => {
    let pool = pools.get(delivery.senders);
    if (pool === undefined) {
      pool = delivery.senders.map((sender) => {
        let capacity = capacities.get(sender.id);
        if (capacity === undefined) capacities.set(sender.id, (capacity = senderCapacity(sender.id, sender.limits, now)));
        return capacity;
      });
      pools.set(delivery.senders, pool);
    }
    return pool;
  };
  const chosen = chooseSenders(candidates.map(poolOf));

  const senderDay = dayKey(now, SENDER_CAP_ZONE);
  const reservations: Reservation[] = [];
  candidates.forEach((delivery, i) => {
    const senderId = chosen[i]!;
    if (senderId === null) {
      deferrals.push({ delivery, until: nextDayStart(now, SENDER_CAP_ZONE) });
      return;
    }
    let campaignDay = campaignDays.get(delivery.campaignId);
    if (campaignDay === undefined) campaignDays.set(delivery.campaignId, (campaignDay = dayKey(now, campaignCapZone(delivery.callingWindow))));
    reservations.push({ delivery, senderId, campaignDay });
  });
  return { reservations, deferrals, senderDay, capacities };
}

/** When a delivery the reservation held back may go: the next day of the cap it hit, or its sender's slot. */
export function retryTime(
  decision: Extract<ReservationDecision, { kind: 'campaignCap' | 'senderCap' | 'wait' }>,
  reservation: Reservation,
  plan: ClaimPlan,
  now: Date,
): Date {
  switch (decision.kind) {
    case 'wait':
      return decision.until;
    case 'campaignCap':
      return nextDayStart(now, campaignCapZone(reservation.delivery.callingWindow));
    case 'senderCap': {
      // The claim saw room under this sender's cap that another worker took meanwhile. If another
      // of the campaign's senders still had room, the next claim plans it there; else tomorrow.
      const other = reservation.delivery.senders.some((s) => s.id !== reservation.senderId && plan.capacities.get(s.id)!.leftToday > 0);
      return other ? now : nextDayStart(now, SENDER_CAP_ZONE);
    }
  }
}
