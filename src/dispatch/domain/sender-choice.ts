import { checkDailyCap, dayKey, SENDER_CAP_ZONE } from './daily-cap.js';
import { fullBucket, msUntilTokens, refill, takeUpTo, tokenBucketConfig, type TokenBucketState } from './token-bucket.js';

/**
 * Which sender each delivery of a claimed batch goes through. The choice is only a plan: the
 * claim's reservation (in PostgreSQL, where every worker's takes meet) grants or refuses it. So
 * the choice works from the senders' limits as the claim read them, and aims to ask each sender
 * for what it can give, spreading a campaign over its senders in proportion to their rates.
 */

/** A sender's limits as stored (the `sender_limits` row) with its configuration. */
export interface SenderLimits {
  readonly ratePerSecond: number;
  /** Sends per UTC day; null: no cap. */
  readonly dailyCap: number | null;
  /** Null for a sender that never sent: its bucket is full. */
  readonly bucket: TokenBucketState | null;
  /** The end of the slots already promised to deliveries waiting for this sender (see `nextSlotMs`). */
  readonly pacedUntil: Date | null;
  /** The UTC day `daySent` counts (`YYYY-MM-DD`); null before the first send. */
  readonly day: string | null;
  readonly daySent: number;
}

/** What a sender can take from `now` on. */
export interface SenderCapacity {
  readonly id: string;
  readonly ratePerSecond: number;
  /** Sends it may make at once: whole tokens, no more than are left of its daily cap. */
  readonly available: number;
  /** Sends left today; Infinity without a cap. */
  readonly leftToday: number;
  /**
   * When the first send beyond `available` may go (epoch ms); the next ones follow 1/rate apart.
   * A delivery that must wait for tokens is given the sender's next free slot, and the slots
   * given are remembered (`pacedUntil`), so waiting deliveries come back one at a time, as
   * tokens arrive, instead of all at the next refill to be turned away again. A bucket found
   * full says nobody came for those slots (their campaign was paused, their window closed):
   * the remembered slots are then dropped, so they never delay anyone.
   */
  readonly nextSlotMs: number;
}

/** Tolerance of the float sums of refills, as in token-bucket.ts. */
const EPSILON = 1e-9;

/** The capacity of a sender with these limits at `now`; the reservation statement computes the same. */
export function senderCapacity(id: string, limits: SenderLimits, now: Date): SenderCapacity {
  const config = tokenBucketConfig(limits.ratePerSecond);
  const bucket = refill(limits.bucket ?? fullBucket(config, now), config, now);
  const today = dayKey(now, SENDER_CAP_ZONE);
  // A day after today is a worker whose clock runs ahead: its count is the one that holds.
  const sentToday = limits.day !== null && limits.day >= today ? limits.daySent : 0;
  const cap = checkDailyCap(limits.dailyCap, sentToday, now, SENDER_CAP_ZONE);
  const leftToday = cap.allowed ? cap.remaining : 0;
  const taken = takeUpTo(bucket, config, now, Math.ceil(config.capacity));
  const available = Math.min(taken.taken, leftToday);
  const firstTokenMs = now.getTime() + msUntilTokens({ tokens: bucket.tokens - available, refilledAt: bucket.refilledAt }, config, now);
  const full = bucket.tokens + EPSILON >= config.capacity;
  const pacedUntilMs = full || limits.pacedUntil === null ? firstTokenMs : limits.pacedUntil.getTime();
  return { id, ratePerSecond: limits.ratePerSecond, available, leftToday, nextSlotMs: Math.max(firstTokenMs, pacedUntilMs) };
}

/**
 * For each delivery (given as the capacities of the senders it may use, in a fixed order), the
 * sender that can send it soonest, counting the deliveries chosen before it in the batch: first
 * the tokens at hand, the sender with more left first (so equal senders alternate), then the
 * earliest free slot. Null when every one of its senders is at its daily cap.
 */
export function chooseSenders(pools: readonly (readonly SenderCapacity[])[]): (string | null)[] {
  const chosen = new Map<string, number>();
  const slotOf = (sender: SenderCapacity): number => {
    const n = chosen.get(sender.id) ?? 0;
    return n < sender.available ? Number.NEGATIVE_INFINITY : sender.nextSlotMs + ((n - sender.available) * 1000) / sender.ratePerSecond;
  };
  return pools.map((pool) => {
    let best: SenderCapacity | null = null;
    for (const sender of pool) {
      if ((chosen.get(sender.id) ?? 0) >= sender.leftToday) continue;
      if (best === null || slotOf(sender) < slotOf(best) || (slotOf(sender) === slotOf(best) && leftAtHand(sender, chosen) > leftAtHand(best, chosen))) {
        best = sender;
      }
    }
    if (best === null) return null;
    chosen.set(best.id, (chosen.get(best.id) ?? 0) + 1);
    return best.id;
  });
}

function leftAtHand(sender: SenderCapacity, chosen: ReadonlyMap<string, number>): number {
  return sender.available - (chosen.get(sender.id) ?? 0);
}
