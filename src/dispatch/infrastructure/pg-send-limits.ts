import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { Reservation, ReservationDecision } from '../application/delivery-queue.js';

// The claim's reservation, one statement (so one transaction) for a whole batch:
//
// 1. Which deliveries are still held by this claim (claim token), and of those, which can no
//    longer be planned as they were (campaign no longer active, chosen sender disabled, deleted or
//    not the campaign's: tenancy is checked here again, whatever the worker asked for; a cap
//    counter not created yet): those go back to the queue untouched, to be planned again.
// 2. Which members are opted out or on the do-not-contact list (excluded, in the record) and
//    which were already reached by this campaign: that delivery is closed here as cancelled,
//    leaving the member and the counters as the earlier success left them.
// 3. The limit rows of the batch are locked, senders first and then campaigns, each in id order
//    (the campaigns' scalar subquery makes PostgreSQL lock the senders first), so concurrent
//    reservations never deadlock; FOR UPDATE also hands each statement the rows as the previous
//    holder committed them. Buckets are refilled to $5 (token-bucket.ts) and day counters moved
//    to today's keys (daily-cap.ts; a key older than the stored one, from a worker whose clock
//    lags, counts against the stored day, so a count is never reset backwards).
// 4. Budget, in claim order: first each campaign's maxPerDay (a delivery over it must take no
//    sender token or place under a sender's cap), then each sender's whole tokens within what is
//    left of its dailyCap. The rest under the cap wait for the sender's next free slots: one per
//    1/rate after the next token, or after the slots already promised to earlier waiters
//    (`paced_until`; forgotten once the bucket is full, as nobody came for them). So deferred
//    deliveries come back spread at the sender's rate and find a token, rather than all coming
//    back at the next refill to be turned away again.
// 5. The counters are written from the locked values plus what was granted (never read into
//    JavaScript and written back), and the members that will be sent to are marked tried.
const RESERVE = prepared('deliveries_reserve', `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[]) WITH ORDINALITY AS i(id, sender_id, campaign_day, ord)
  ), held AS (
    SELECT i.ord, i.id, i.sender_id, i.campaign_day, d.campaign_id, d.lead_id, d.attempt, c.max_per_day,
           coalesce(c.status = 'active' AND s.status = 'active' AND sl.sender_id IS NOT NULL
                    AND (c.max_per_day IS NULL OR cl.campaign_id IS NOT NULL), false) AS plannable,
           CASE WHEN a.status = 'succeeded' THEN 'already_reached'
                WHEN l.id IS NULL OR l.do_not_contact OR c.channel = ANY (l.opted_out_channels) THEN 'opted_out' END AS excluded
      FROM input i
      JOIN deliveries d ON d.id = i.id AND d.claim_token = $4 AND d.status = 'sending'
      JOIN campaigns c ON c.id = d.campaign_id
      LEFT JOIN senders s ON s.id = i.sender_id AND s.brand_id = c.brand_id AND s.channel = c.channel
                         AND (c.sender_ids IS NULL OR s.id = ANY (c.sender_ids))
      LEFT JOIN sender_limits sl ON sl.sender_id = s.id
      LEFT JOIN campaign_limits cl ON cl.campaign_id = c.id
      LEFT JOIN leads l ON l.id = d.lead_id
      LEFT JOIN campaign_audience a ON a.campaign_id = d.campaign_id AND a.lead_id = d.lead_id
  ), released AS (
    UPDATE deliveries d SET status = 'queued', claim_token = NULL, locked_until = NULL, started_at = NULL
      FROM held WHERE d.id = held.id AND NOT held.plannable
  ), reached AS (
    UPDATE deliveries d SET status = 'cancelled', outcome = 'already_reached', claim_token = NULL, locked_until = NULL, finished_at = $5
      FROM held WHERE d.id = held.id AND held.plannable AND held.excluded = 'already_reached'
  ), wanted AS (
    SELECT * FROM held WHERE plannable AND excluded IS NULL
  ), locked_senders AS (
    SELECT * FROM sender_limits WHERE sender_id IN (SELECT sender_id FROM wanted)
     ORDER BY sender_id FOR UPDATE
  ), locked_campaigns AS (
    SELECT * FROM campaign_limits
     WHERE campaign_id IN (SELECT campaign_id FROM wanted WHERE max_per_day IS NOT NULL)
       AND (SELECT count(*) FROM locked_senders) >= 0
     ORDER BY campaign_id FOR UPDATE
  ), senders_now AS (
    SELECT ls.sender_id, s.rate_per_second AS rate, greatest(1, s.rate_per_second) AS capacity,
           CASE WHEN $5::timestamptz > ls.refilled_at
                THEN least(greatest(1, s.rate_per_second), ls.tokens + extract(epoch FROM $5::timestamptz - ls.refilled_at)::float8 * s.rate_per_second)
                ELSE ls.tokens END AS tokens,
           greatest(ls.refilled_at, $5::timestamptz) AS refilled_at,
           ls.paced_until,
           greatest(ls.day, $6::date) AS day,
           CASE WHEN ls.day >= $6::date THEN ls.day_sent ELSE 0 END AS day_sent,
           coalesce(s.daily_cap - CASE WHEN ls.day >= $6::date THEN ls.day_sent ELSE 0 END, 2147483647) AS left_today
      FROM locked_senders ls JOIN senders s ON s.id = ls.sender_id
  ), campaigns_now AS (
    SELECT lc.campaign_id, greatest(lc.day, w.campaign_day) AS day,
           CASE WHEN lc.day >= w.campaign_day THEN lc.day_sent ELSE 0 END AS day_sent
      FROM locked_campaigns lc JOIN (SELECT DISTINCT campaign_id, campaign_day FROM wanted) w USING (campaign_id)
  ), fitting AS (
    SELECT w.*, (w.max_per_day IS NULL
             OR row_number() OVER (PARTITION BY w.campaign_id ORDER BY w.ord) <= w.max_per_day - cn.day_sent) AS fits
      FROM wanted w LEFT JOIN campaigns_now cn USING (campaign_id)
  ), ranked AS (
    SELECT f.id, f.sender_id, row_number() OVER (PARTITION BY f.sender_id ORDER BY f.ord) AS sender_rank
      FROM fitting f WHERE f.fits
  ), budgets AS (
    SELECT sn.*, b.sendable, least(b.demand, b.sendable) AS granted,
           greatest(0, least(b.demand, sn.left_today) - b.sendable) AS paced
      FROM senders_now sn
      CROSS JOIN LATERAL (
        SELECT greatest(0, least(floor(sn.tokens + 1e-9), sn.left_today))::int AS sendable,
               (SELECT count(*) FROM ranked r WHERE r.sender_id = sn.sender_id)::int AS demand
      ) b
  ), slots AS (
    SELECT bu.*, greatest(
             bu.refilled_at + ceil(greatest(0, 1 - (bu.tokens - bu.granted)) * 1000 / bu.rate) * interval '1 millisecond',
             CASE WHEN bu.tokens + 1e-9 >= bu.capacity THEN '-infinity' ELSE bu.paced_until END) AS first_slot
      FROM budgets bu
  ), sender_updates AS (
    UPDATE sender_limits sl
       SET tokens = sp.tokens - sp.granted, refilled_at = sp.refilled_at,
           paced_until = sp.first_slot + ceil(sp.paced * 1000 / sp.rate) * interval '1 millisecond',
           day = sp.day, day_sent = sp.day_sent + sp.granted
      FROM slots sp WHERE sl.sender_id = sp.sender_id
  ), decided AS (
    SELECT h.id, h.campaign_id, h.lead_id, h.attempt,
           CASE WHEN NOT h.plannable THEN 'released'
                WHEN h.excluded IS NOT NULL THEN h.excluded
                WHEN NOT f.fits THEN 'campaign_cap'
                WHEN r.sender_rank <= sp.sendable THEN 'send'
                WHEN r.sender_rank <= sp.left_today THEN 'wait'
                ELSE 'sender_cap' END AS decision,
           sp.first_slot + ceil((r.sender_rank - sp.granted - 1) * 1000 / sp.rate) * interval '1 millisecond' AS slot
      FROM held h
      LEFT JOIN fitting f ON f.id = h.id
      LEFT JOIN ranked r ON r.id = h.id
      LEFT JOIN slots sp ON sp.sender_id = h.sender_id
  ), campaign_updates AS (
    UPDATE campaign_limits cl SET day = cn.day, day_sent = cn.day_sent + g.granted
      FROM campaigns_now cn
      CROSS JOIN LATERAL (SELECT count(*)::int AS granted FROM decided WHERE decided.campaign_id = cn.campaign_id AND decided.decision = 'send') g
     WHERE cl.campaign_id = cn.campaign_id
  ), tried AS (
    UPDATE campaign_audience a SET status = 'in_progress', attempts = decided.attempt, last_attempt_at = $5
      FROM decided WHERE a.campaign_id = decided.campaign_id AND a.lead_id = decided.lead_id AND decided.decision = 'send'
  )
  SELECT id, decision, CASE WHEN decision = 'wait' THEN slot END AS wait_until FROM decided`);

type DecisionRow = { id: string; decision: 'send' | 'opted_out' | 'already_reached' | 'released' | 'campaign_cap' | 'sender_cap' | 'wait'; wait_until: Date | null };

function decisionOf(row: DecisionRow): ReservationDecision {
  switch (row.decision) {
    case 'send': return { kind: 'send' };
    case 'opted_out': return { kind: 'optedOut' };
    case 'already_reached': return { kind: 'alreadyReached' };
    case 'released': return { kind: 'released' };
    case 'campaign_cap': return { kind: 'campaignCap' };
    case 'sender_cap': return { kind: 'senderCap' };
    case 'wait': return { kind: 'wait', until: row.wait_until! };
  }
}

/** Runs the reservation of one claim's deliveries (all under the same claim token). */
export async function reserveSends(db: Database, reservations: readonly Reservation[], now: Date, senderDay: string): Promise<Map<string, ReservationDecision>> {
  const rows = await db.query<DecisionRow>(RESERVE, [
    reservations.map((r) => r.delivery.id), reservations.map((r) => r.senderId), reservations.map((r) => r.campaignDay),
    reservations[0]!.delivery.claimToken, now, senderDay,
  ]);
  return new Map(rows.map((row) => [row.id, decisionOf(row)]));
}
