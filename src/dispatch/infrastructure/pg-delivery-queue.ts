import { newId } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import { rowIdPrefix, rowIdSql } from '../../../seedwork/infrastructure/database/row-ids.js';
import type { RetryPolicyState } from '../../campaigns/domain/campaign-state.js';
import type { ClaimedDelivery, DeliveryQueue, DeliveryResult, SendCheck } from '../application/delivery-queue.js';
import { idempotencyKey } from '../domain/delivery-idempotency.js';
import type { TemplateMember } from '../domain/script-template.js';
import type { SenderChannel, SenderProvider } from '../domain/sender-state.js';
import { SYSTEM_ACTOR } from '../../../seedwork/application/index.js';

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
// order, locked with SKIP LOCKED so concurrent workers take disjoint batches. The sender is the
// brand's first active sender on the campaign's channel.
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
  )
  SELECT claimed.*, c.channel, c.retry_policy, c.script_template,
         s.id AS sender_id, s.address AS sender_address, s.provider AS sender_provider,
         l.phone, l.email, l.first_name, l.last_name, l.region, l.custom_fields
    FROM claimed
    JOIN campaigns c ON c.id = claimed.campaign_id
    LEFT JOIN leads l ON l.id = claimed.lead_id
    LEFT JOIN LATERAL (
      SELECT id, address, provider FROM senders
       WHERE brand_id = claimed.brand_id AND channel = c.channel AND status = 'active'
       ORDER BY created_at, id LIMIT 1
    ) s ON true`);

// Just before the provider call: the campaign still active and the lead still reachable. The
// members that pass are marked tried (attempts = the attempt number, so a lease-expired retry of
// the same attempt does not count twice); those whose campaign stopped go back to the queue.
const CHECK = prepared('deliveries_check_before_send', `
  WITH held AS (
    SELECT d.id, d.campaign_id, d.lead_id, d.attempt,
           c.status = 'active' AS active,
           (l.id IS NULL OR l.do_not_contact OR c.channel = ANY(l.opted_out_channels)) AS opted_out
      FROM deliveries d
      JOIN campaigns c ON c.id = d.campaign_id
      LEFT JOIN leads l ON l.id = d.lead_id
     WHERE d.id = ANY($1) AND d.claim_token = $2 AND d.status = 'sending'
  ), released AS (
    UPDATE deliveries d SET status = 'queued', claim_token = NULL, locked_until = NULL, started_at = NULL
      FROM held WHERE d.id = held.id AND NOT held.active
  ), tried AS (
    UPDATE campaign_audience a SET status = 'in_progress', attempts = held.attempt, last_attempt_at = $3
      FROM held WHERE a.campaign_id = held.campaign_id AND a.lead_id = held.lead_id AND held.active AND NOT held.opted_out
  )
  SELECT id, active, opted_out FROM held`);

// Results of a batch, applied in one statement: the delivery rows (fenced by claim token and
// attempt: a worker whose lease was taken over changes nothing), one attempt row per attempt
// that reached the provider, the audience members, and the campaigns' counters as increments
// derived from the rows this statement changed (never read-modify-write in JavaScript), and one
// DeliverySucceeded / DeliveryFailed event per attempt that reached an outcome (see
// DELIVERY_AGGREGATE): a fenced (stale) result changes no row, so it writes no event either.
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
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[])
      AS i(id, token, attempt, status, next_attempt, scheduled_at, member_status, outcome, error, provider_ref, attempted)
  ), done AS (
    UPDATE deliveries d
       SET status = i.status, attempt = i.next_attempt, scheduled_at = coalesce(i.scheduled_at, d.scheduled_at),
           finished_at = CASE WHEN i.status = 'queued' THEN NULL ELSE $12::timestamptz END,
           claim_token = NULL, locked_until = NULL,
           outcome = i.outcome, error = i.error, provider_ref = coalesce(i.provider_ref, d.provider_ref)
      FROM input i
     WHERE d.id = i.id AND d.claim_token = i.token AND d.attempt = i.attempt
    RETURNING d.id, d.brand_id, d.campaign_id, d.lead_id, d.started_at, i.attempt, i.status, i.member_status,
              i.outcome, i.error, i.provider_ref, i.attempted, i.next_attempt, i.scheduled_at AS retry_at
  ), events AS (
    INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
    SELECT ${rowIdSql('$14', 'row_number() OVER ()')}, '${DELIVERY_AGGREGATE}', id, attempt,
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
  channel: SenderChannel; retry_policy: RetryPolicyState; script_template: string | null;
  sender_id: string | null; sender_address: string | null; sender_provider: SenderProvider | null;
  phone: string | null; email: string | null; first_name: string | null; last_name: string | null;
  region: string | null; custom_fields: TemplateMember['customFields'] | null;
}

/** The work queue on PostgreSQL: each method is one statement, so one transaction, on the pool. */
export class PgDeliveryQueue implements DeliveryQueue {
  constructor(private readonly db: Database) {}

  async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const token = newId();
    const rows = await this.db.query<ClaimRow>(CLAIM, [now, limit, token, leaseMs]);
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
      sender: r.sender_id === null ? null : { id: r.sender_id, address: r.sender_address!, provider: r.sender_provider! },
      lead: { phone: r.phone, email: r.email, firstName: r.first_name ?? '', lastName: r.last_name ?? '', region: r.region, customFields: r.custom_fields ?? {} },
    }));
  }

  async checkBeforeSend(claimed: readonly ClaimedDelivery[], now: Date): Promise<SendCheck> {
    if (claimed.length === 0) return { allowed: [], excluded: [], released: [] };
    // One claim token per batch: the claim gave every row of it the same one.
    const rows = await this.db.query<{ id: string; active: boolean; opted_out: boolean }>(CHECK, [claimed.map((c) => c.id), claimed[0]!.claimToken, now]);
    return {
      allowed: rows.filter((r) => r.active && !r.opted_out).map((r) => r.id),
      excluded: rows.filter((r) => r.active && r.opted_out).map((r) => r.id),
      released: rows.filter((r) => !r.active).map((r) => r.id),
    };
  }

  async record(results: readonly DeliveryResult[], now: Date): Promise<number> {
    if (results.length === 0) return 0;
    const column = <T>(pick: (r: DeliveryResult) => T) => results.map(pick);
    const [row] = await this.db.query<{ applied: number }>(RECORD, [
      column((r) => r.id), column((r) => r.claimToken), column((r) => r.attempt), column((r) => r.status),
      column((r) => r.nextAttempt), column((r) => r.scheduledAt), column((r) => r.memberStatus), column((r) => r.outcome),
      column((r) => r.error), column((r) => r.providerRef), column((r) => r.attempted), now, workerMetadata(results[0]!.claimToken),
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
