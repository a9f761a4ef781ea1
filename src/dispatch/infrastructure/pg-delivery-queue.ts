import { newId } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import { rowIdPrefix, rowIdSql } from '../../../seedwork/infrastructure/database/row-ids.js';
import type { CallingWindowState, RetryPolicyState } from '../../campaigns/domain/campaign-state.js';
import type { ClaimedDelivery, DeliveryQueue, DeliveryResult, Reservation, ReservationDecision, SenderOption } from '../application/delivery-queue.js';
import { idempotencyKey } from '../domain/delivery-idempotency.js';
import type { TemplateMember } from '../domain/script-template.js';
import type { SenderChannel, SenderProvider } from '../domain/sender-state.js';
import { SYSTEM_ACTOR } from '../../../seedwork/application/index.js';
import { reserveSends } from './pg-send-limits.js';

/**
 * Per-delivery events (DeliverySucceeded, DeliveryFailed, DeliveryExpired) belong to an aggregate
 * of their own: type 'Delivery', id the delivery's id, version the delivery's attempt number. Each
 * attempt ends in at most one of them: an outcome is recorded once per attempt (fenced by claim
 * token and attempt), a retryable failure moves on to the next attempt, and only a queued
 * delivery expires, whose current attempt never reached an outcome. So (aggregate_id,
 * aggregate_version) stays unique without reading the log, and the events are written set-based in
 * the statement that records the outcome. Versions also grow by exactly 1 per event, as API.md
 * requires of an aggregate: the only event after attempt n's is attempt n+1's, and the first is
 * attempt 1's (an excluded or cancelled delivery writes none).
 */
export const DELIVERY_AGGREGATE = 'Delivery';

/** Metadata of events the dispatch worker writes: no request caused them; the claim correlates them. */
function workerMetadata(claimToken: string): string {
  return JSON.stringify({ correlationId: claimToken, causationId: null, actor: { sub: SYSTEM_ACTOR.sub, role: SYSTEM_ACTOR.role } });
}

// The claim: due queued deliveries of ACTIVE campaigns only (a paused, cancelled or finished
// campaign's rows are simply not selected: pause and resume change nothing here), in priority
// order, locked with SKIP LOCKED so concurrent workers take disjoint batches. With them comes
// what the worker needs to plan the batch without another query: the calling window, the
// member's zone and each campaign's senders (its brand's active senders on its channel, narrowed
// to its senderIds; brand_id here keeps another brand's sender out even if named there) with
// their limits as they stand, a hint for choosing among them (the reservation decides). Each
// campaign's sender list rides on its first row only. Limit rows that a sender or a capped
// campaign does not have yet are created here, so the reservation finds every row it must lock;
// only missing ones are inserted, so a claim never waits on a row a reservation holds.
const CLAIM = prepared('deliveries_claim', `
  WITH due AS (
    SELECT d.id FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
     WHERE d.status = 'queued' AND d.scheduled_at <= $1 AND c.status = 'active'
     ORDER BY d.campaign_priority DESC, d.member_priority DESC, d.scheduled_at
     LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
  ), claimed AS (
    UPDATE deliveries d
       SET status = 'sending', claim_token = $3, locked_until = $1 + $4 * interval '1 millisecond', started_at = $1
      FROM due WHERE d.id = due.id
    RETURNING d.id, d.brand_id, d.campaign_id, d.lead_id, d.attempt
  ), claimed_campaigns AS (
    SELECT c.* FROM campaigns c WHERE c.id IN (SELECT campaign_id FROM claimed)
  ), campaign_senders AS (
    SELECT c.id AS campaign_id, s.id, s.address, s.provider, s.rate_per_second, s.daily_cap,
           sl.tokens, sl.refilled_at, sl.paced_until, sl.day, sl.day_sent
      FROM claimed_campaigns c
      JOIN senders s ON s.brand_id = c.brand_id AND s.channel = c.channel AND s.status = 'active'
                    AND (c.sender_ids IS NULL OR s.id = ANY (c.sender_ids))
      LEFT JOIN sender_limits sl ON sl.sender_id = s.id
  ), new_sender_limits AS (
    INSERT INTO sender_limits (sender_id, tokens, refilled_at, paced_until, day, day_sent)
    SELECT DISTINCT id, greatest(1, rate_per_second), $1::timestamptz, $1::timestamptz, NULL::date, 0
      FROM campaign_senders WHERE tokens IS NULL
    ON CONFLICT (sender_id) DO NOTHING
  ), new_campaign_limits AS (
    INSERT INTO campaign_limits (campaign_id, day, day_sent)
    SELECT c.id, NULL, 0 FROM claimed_campaigns c
     WHERE c.max_per_day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaign_limits cl WHERE cl.campaign_id = c.id)
    ON CONFLICT (campaign_id) DO NOTHING
  )
  SELECT claimed.*, c.channel, c.retry_policy, c.script_template, c.calling_window,
         l.phone, l.email, l.first_name, l.last_name, l.region, l.custom_fields, l.timezone,
         CASE WHEN row_number() OVER (PARTITION BY claimed.campaign_id) = 1 THEN (
           SELECT coalesce(json_agg(json_build_object(
                    'id', cs.id, 'address', cs.address, 'provider', cs.provider, 'ratePerSecond', cs.rate_per_second,
                    'dailyCap', cs.daily_cap, 'tokens', cs.tokens, 'refilledAt', cs.refilled_at, 'pacedUntil', cs.paced_until,
                    'day', cs.day, 'daySent', cs.day_sent) ORDER BY cs.id), '[]')
             FROM campaign_senders cs WHERE cs.campaign_id = claimed.campaign_id)
         END AS senders
    FROM claimed
    JOIN claimed_campaigns c ON c.id = claimed.campaign_id
    LEFT JOIN leads l ON l.id = claimed.lead_id`);

// Results of a batch, applied in one statement: the delivery rows (fenced by claim token and
// attempt: a worker whose lease was taken over changes nothing), one attempt row per attempt
// that reached the provider, the audience members, and the campaigns' counters as increments
// derived from the rows this statement changed (never read-modify-write in JavaScript), and one
// DeliverySucceeded / DeliveryFailed event per attempt that reached an outcome (see
// DELIVERY_AGGREGATE): a fenced (stale) result changes no row, so it writes no event either.
// An attempt stores the sender it went through. A deferral (back to the queue unsent) started
// nothing and keeps what the delivery's last attempt left: its outcome, error and sender.
//
// Only a claim sets claim_token, together with status 'sending', and every move out of 'sending'
// clears it, so the token match alone fences. `status = 'sending'` is left out on purpose: its
// statistics usually say "almost no row is sending", which made the generic plan drive the join
// from a scan of deliveries filtered on it (the sequential scan, or an index whose predicate it
// implies) and rescan the unnested batch once per leased delivery — quadratic in the deliveries
// in flight (3 s instead of 0.1 s for a batch of 1,000 with 4 workers). Without it the batch
// drives the join: one primary-key lookup per result.
//
// Every worker's batch updates the same campaign row (the counters): the primary query reads the
// other writes so they run first, and the counters — the only row workers contend for — are
// updated last, holding that row lock for the commit only, not for the whole statement.
// Event ids are time-ordered per statement (row-ids.ts), appended to the event-id index.
const RECORD = prepared('deliveries_record', `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $14::uuid[])
      AS i(id, token, attempt, status, next_attempt, scheduled_at, member_status, outcome, error, provider_ref, attempted, sender_id)
  ), done AS (
    UPDATE deliveries d
       SET status = i.status, attempt = i.next_attempt, scheduled_at = coalesce(i.scheduled_at, d.scheduled_at),
           finished_at = CASE WHEN i.status = 'queued' THEN NULL ELSE $12::timestamptz END,
           claim_token = NULL, locked_until = NULL,
           started_at = CASE WHEN i.status = 'queued' AND NOT i.attempted THEN NULL ELSE d.started_at END,
           outcome = CASE WHEN i.status = 'queued' AND NOT i.attempted THEN d.outcome ELSE i.outcome END,
           error = CASE WHEN i.status = 'queued' AND NOT i.attempted THEN d.error ELSE i.error END,
           provider_ref = coalesce(i.provider_ref, d.provider_ref),
           sender_id = coalesce(i.sender_id, d.sender_id)
      FROM input i
     WHERE d.id = i.id AND d.claim_token = i.token AND d.attempt = i.attempt
    RETURNING d.id, d.brand_id, d.campaign_id, d.lead_id, d.started_at, i.attempt, i.status, i.member_status,
              i.outcome, i.error, i.provider_ref, i.attempted, i.next_attempt, i.scheduled_at AS retry_at
  ), events AS (
    INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
    SELECT ${rowIdSql('$15', 'row_number() OVER ()')}, '${DELIVERY_AGGREGATE}', id, attempt,
           CASE WHEN status = 'succeeded' THEN 'DeliverySucceeded' ELSE 'DeliveryFailed' END, 1, brand_id,
           jsonb_build_object('campaignId', campaign_id, 'leadId', lead_id, 'attempt', attempt, 'outcome', outcome,
             'error', error, 'providerRef', provider_ref, 'final', status <> 'queued',
             'retryAt', CASE WHEN status = 'queued' THEN retry_at END),
           $13::jsonb, $12
      FROM done WHERE attempted AND (status IN ('succeeded', 'failed') OR next_attempt > attempt)
    RETURNING 1
  ), attempts AS (
    INSERT INTO delivery_attempts (delivery_id, brand_id, campaign_id, lead_id, attempt, started_at, finished_at, result, outcome, error, provider_ref)
    SELECT id, brand_id, campaign_id, lead_id, attempt, started_at, $12, status, outcome, error, provider_ref FROM done WHERE attempted
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), members AS (
    UPDATE campaign_audience a SET status = done.member_status
      FROM done WHERE a.campaign_id = done.campaign_id AND a.lead_id = done.lead_id
    RETURNING 1
  ), counts AS (
    SELECT campaign_id,
           count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'cancelled'))::int AS finished,
           count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
           count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM done GROUP BY campaign_id
  ), counters AS (
    UPDATE campaigns c SET metrics = c.metrics || jsonb_build_object(
             'pending', (c.metrics->>'pending')::int - counts.finished,
             'successful', (c.metrics->>'successful')::int + counts.succeeded,
             'failed', (c.metrics->>'failed')::int + counts.failed)
      FROM counts WHERE c.id = counts.campaign_id AND (counts.finished > 0)
  )
  SELECT (SELECT count(*) FROM done)::int AS applied,
         (SELECT count(*) FROM events) + (SELECT count(*) FROM attempts) + (SELECT count(*) FROM members) AS written`);

const RELEASE_EXPIRED = prepared('deliveries_release_expired', `
  UPDATE deliveries SET status = 'queued', claim_token = NULL, locked_until = NULL
   WHERE status = 'sending' AND locked_until < $1`);

const EXHAUSTED = prepared('deliveries_exhausted_campaigns', `
  SELECT c.id, c.brand_id FROM campaigns c
   WHERE c.status = 'active'
     AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id)
     AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id AND d.status IN ('queued', 'sending'))
   LIMIT $1`);

const WORK_LEFT = prepared('deliveries_work_left',
  `SELECT EXISTS (SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'sending')) AS left`);

interface ClaimRow {
  id: string; brand_id: string; campaign_id: string; lead_id: string; attempt: number;
  channel: SenderChannel; retry_policy: RetryPolicyState; script_template: string | null; calling_window: CallingWindowState | null;
  phone: string | null; email: string | null; first_name: string | null; last_name: string | null;
  region: string | null; custom_fields: TemplateMember['customFields'] | null; timezone: string | null;
  /** On the first row of each campaign only. */
  senders: SenderJson[] | null;
}

interface SenderJson {
  id: string; address: string; provider: SenderProvider; ratePerSecond: number; dailyCap: number | null;
  /** Null (with refilledAt and pacedUntil) for a sender whose limits row this claim created. */
  tokens: number | null; refilledAt: string | null; pacedUntil: string | null; day: string | null; daySent: number | null;
}

function senderOption(s: SenderJson): SenderOption {
  return {
    id: s.id,
    address: s.address,
    provider: s.provider,
    limits: {
      ratePerSecond: s.ratePerSecond,
      dailyCap: s.dailyCap,
      bucket: s.tokens === null ? null : { tokens: s.tokens, refilledAt: new Date(s.refilledAt!) },
      pacedUntil: s.pacedUntil === null ? null : new Date(s.pacedUntil),
      day: s.day,
      daySent: s.daySent ?? 0,
    },
  };
}

/** The work queue on PostgreSQL: each method is one statement, so one transaction, on the pool. */
export class PgDeliveryQueue implements DeliveryQueue {
  constructor(private readonly db: Database) {}

  async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const token = newId();
    const rows = await this.db.query<ClaimRow>(CLAIM, [now, limit, token, leaseMs]);
    // One array per campaign, shared by its deliveries (the port promises it: planning keys on it).
    const senders = new Map<string, SenderOption[]>();
    for (const r of rows) if (r.senders !== null) senders.set(r.campaign_id, r.senders.map(senderOption));
    return rows.map((r) => ({
      id: r.id,
      claimToken: token,
      brandId: r.brand_id,
      campaignId: r.campaign_id,
      leadId: r.lead_id,
      attempt: r.attempt,
      idempotencyKey: idempotencyKey(r.campaign_id, r.lead_id, r.attempt),
      channel: r.channel,
      retryPolicy: r.retry_policy,
      scriptTemplate: r.script_template,
      callingWindow: r.calling_window,
      timezone: r.timezone,
      senders: senders.get(r.campaign_id)!,
      lead: { phone: r.phone, email: r.email, firstName: r.first_name ?? '', lastName: r.last_name ?? '', region: r.region, customFields: r.custom_fields ?? {} },
    }));
  }

  reserve(reservations: readonly Reservation[], now: Date, senderDay: string): Promise<Map<string, ReservationDecision>> {
    return reserveSends(this.db, reservations, now, senderDay);
  }

  async record(results: readonly DeliveryResult[], now: Date): Promise<number> {
    if (results.length === 0) return 0;
    const column = <T>(pick: (r: DeliveryResult) => T) => results.map(pick);
    const [row] = await this.db.query<{ applied: number }>(RECORD, [
      column((r) => r.id), column((r) => r.claimToken), column((r) => r.attempt), column((r) => r.status),
      column((r) => r.nextAttempt), column((r) => r.scheduledAt), column((r) => r.memberStatus), column((r) => r.outcome),
      column((r) => r.error), column((r) => r.providerRef), column((r) => r.attempted), now, workerMetadata(results[0]!.claimToken),
      column((r) => r.senderId ?? null),
      rowIdPrefix(),
    ]);
    return row!.applied;
  }

  releaseExpiredLeases(now: Date): Promise<number> {
    return this.db.execute(RELEASE_EXPIRED, [now]);
  }

  async exhaustedCampaigns(limit: number): Promise<{ id: string; brandId: string }[]> {
    const rows = await this.db.query<{ id: string; brand_id: string }>(EXHAUSTED, [limit]);
    return rows.map((r) => ({ id: r.id, brandId: r.brand_id }));
  }

  async hasWorkLeft(campaignId: string): Promise<boolean> {
    const [row] = await this.db.query<{ left: boolean }>(WORK_LEFT, [campaignId]);
    return row!.left;
  }
}
