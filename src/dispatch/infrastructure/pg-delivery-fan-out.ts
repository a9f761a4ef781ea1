import { newId, type DomainEvent } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import { rowIdPrefix, rowIdSql } from '../../../seedwork/infrastructure/database/row-ids.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import type { CampaignChangeHook } from '../../campaigns/application/campaign-change-hook.js';
import type { CampaignState } from '../../campaigns/domain/campaign-state.js';
import { currentTransaction } from '../../../seedwork/infrastructure/database/transaction-context.js';
import { DELIVERY_AGGREGATE } from './pg-delivery-queue.js';
import { checkTemplateVariables } from '../domain/script-template.js';

/** The metadata EventStore would give events of the current unit of work (the campaign command's). */
function commandMetadata(): string {
  const execution = currentTransaction()?.execution;
  if (!execution) return JSON.stringify({ correlationId: newId(), causationId: null, actor: { sub: 'system', role: 'system' } });
  const { actor, correlationId, causationId } = execution;
  return JSON.stringify({ correlationId, causationId: causationId ?? null, actor: { sub: actor.sub, role: actor.role } });
}

// One set-based statement per campaign: every pending member gets a delivery, attempt 1, due now.
// Ids are time-ordered (row-ids.ts): the rows of one fan-out are consecutive in every index keyed
// by them (deliveries, and later delivery_attempts and the Delivery events), where
// gen_random_uuid() would touch a random leaf page per row.
//
// On activation the campaign has no delivery yet (only an active or paused campaign is fanned
// out, and activation is only allowed from draft or scheduled), so it is a plain INSERT: the
// unique (campaign_id, lead_id) constraint still guards the invariant, and the speculative
// insertion ON CONFLICT needs per row is not paid for the campaign's whole audience.
// An audience added later may overlap the members already queued: ON CONFLICT makes that
// fan-out add only the new ones.
const FAN_OUT_SELECT = `
  INSERT INTO deliveries (id, brand_id, campaign_id, lead_id, attempt, status, scheduled_at, campaign_priority, member_priority, created_at)
  SELECT ${rowIdSql('$4', 'row_number() OVER ()')}, a.brand_id, a.campaign_id, a.lead_id, 1, 'queued', $2, $3, a.priority, $2
    FROM campaign_audience a
   WHERE a.campaign_id = $1 AND a.status = 'pending'`;

// Each fan-out sets the campaign's `pending` in the same statement. Dispatch counts a member
// pending until its delivery is final (succeeded, failed or excluded), in_progress included; the
// audience store counts only never-tried members. Set under the campaign's row lock, which this
// transaction holds: workers apply their increments after it commits, on top of this count.
// The first fan-out (activation) follows a time when no member was ever tried, so the members
// dispatch counts pending are exactly the rows it queued, and the audience is not scanned twice;
// a later one recounts the audience (the fan-out leaves it unchanged, so its snapshot is exact).
const fanOutSql = (onConflict: string, pending: string) => `
  WITH queued AS (${FAN_OUT_SELECT}${onConflict} RETURNING 1)
  UPDATE campaigns SET metrics = metrics || jsonb_build_object('pending', ${pending})
   WHERE id = $1
  RETURNING (SELECT count(*) FROM queued)::int AS queued`;
const FAN_OUT = prepared('deliveries_fan_out', fanOutSql('', '(SELECT count(*) FROM queued)'));
const FAN_OUT_ADDED = prepared('deliveries_fan_out_added', fanOutSql(
  '\n  ON CONFLICT (campaign_id, lead_id) DO NOTHING',
  `(SELECT count(*) FROM campaign_audience WHERE campaign_id = $1 AND status IN ('pending', 'in_progress'))`,
));

// Cancel and expire take queued deliveries only (delivery-status.ts): a send already handed to a
// worker finishes and is recorded. Members tried before become failed, and so do the counters.
// Expired deliveries get their DeliveryExpired event in the same statement (DELIVERY_AGGREGATE:
// version = the queued attempt, which never reached an outcome, so it is free).
const STOP = prepared('deliveries_stop', `
  WITH stopped AS (
    UPDATE deliveries SET status = $2, finished_at = $3
     WHERE campaign_id = $1 AND status = 'queued'
    RETURNING id, brand_id, campaign_id, lead_id, attempt, provider_ref
  ), expired_events AS (
    INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
    SELECT ${rowIdSql('$5', 'row_number() OVER ()')}, '${DELIVERY_AGGREGATE}', id, attempt, 'DeliveryExpired', 1, brand_id,
           jsonb_build_object('campaignId', campaign_id, 'leadId', lead_id, 'attempt', attempt, 'outcome', 'expired',
             'error', NULL, 'providerRef', provider_ref),
           $4::jsonb, $3
      FROM stopped WHERE $2 = 'expired'
  ), tried AS (
    UPDATE campaign_audience a SET status = 'failed'
      FROM stopped WHERE a.campaign_id = stopped.campaign_id AND a.lead_id = stopped.lead_id AND a.attempts > 0
    RETURNING 1
  )
  UPDATE campaigns SET metrics = metrics || jsonb_build_object(
           'pending', (metrics->>'pending')::int - (SELECT count(*) FROM tried),
           'failed', (metrics->>'failed')::int + (SELECT count(*) FROM tried))
   WHERE id = $1
  RETURNING (SELECT count(*) FROM stopped)::int AS stopped`);

export const DELIVERY_BATCH_AGGREGATE = 'DeliveryBatch';

/**
 * Dispatch's side of a campaign change, in the campaign's own transaction (CampaignWriter calls
 * it while the campaign row is locked): deliveries exist exactly when the activation or the
 * audience addition commits, and a cancel leaves no queued delivery behind, with no event log
 * reader to lag or to fail in between.
 */
export class PgDeliveryFanOut implements CampaignChangeHook {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  actsOn(campaign: CampaignState, events: readonly DomainEvent[]): boolean {
    return events.some((event) => this.stepFor(campaign, event) !== null);
  }

  async afterSave(campaign: CampaignState, events: readonly DomainEvent[], now: Date): Promise<void> {
    // Whether this save already queued deliveries (an activation after one is not the first fan-out).
    let queuedBefore = false;
    for (const event of events) {
      switch (this.stepFor(campaign, event)) {
        case 'fan_out_activated':
          // Nothing is queued that could not be rendered: the 409 rolls the activation back.
          checkTemplateVariables(campaign.scriptTemplate ?? '');
          await this.fanOut(campaign, 'activated', now, !queuedBefore);
          queuedBefore = true;
          break;
        case 'fan_out_audience_added':
          await this.fanOut(campaign, 'audience_added', now, false);
          queuedBefore = true;
          break;
        case 'cancel':
          await this.db.query(STOP, [campaign.id, 'cancelled', now, commandMetadata(), rowIdPrefix()]);
          break;
        case 'expire':
          await this.db.query(STOP, [campaign.id, 'expired', now, commandMetadata(), rowIdPrefix()]);
          break;
      }
    }
  }

  /** What a campaign event asks of the queue; null for events that leave it alone (pause, resume, edits). */
  private stepFor(campaign: CampaignState, event: DomainEvent): 'fan_out_activated' | 'fan_out_audience_added' | 'cancel' | 'expire' | null {
    switch (event.eventType) {
      case 'CampaignActivated':
        return 'fan_out_activated';
      case 'CampaignAudienceAdded':
        // Only a campaign that was activated has a queue; a draft's audience waits for activation.
        return campaign.status === 'active' || campaign.status === 'paused' ? 'fan_out_audience_added' : null;
      case 'CampaignCancelled':
        return 'cancel';
      case 'CampaignFinished':
        // endAt reached: what was left expired; any other finish cancels what was left.
        return event.data.reason === 'schedule_end' ? 'expire' : 'cancel';
      default:
        return null;
    }
  }

  /** `first`: the campaign has no delivery yet (its activation, before any audience addition fanned out). */
  private async fanOut(campaign: CampaignState, trigger: 'activated' | 'audience_added', now: Date, first: boolean): Promise<void> {
    const [row] = await this.db.query<{ queued: number }>(first ? FAN_OUT : FAN_OUT_ADDED, [campaign.id, now, campaign.priority, rowIdPrefix()]);
    const queued = row!.queued;
    if (queued === 0) return;
    // An aggregate of its own, one per batch: the campaign's (id, version) pairs stay the campaign's.
    const event: DomainEvent = {
      eventId: newId(),
      eventType: 'DeliveryQueued',
      schemaVersion: 1,
      aggregateType: DELIVERY_BATCH_AGGREGATE,
      aggregateId: newId(),
      aggregateVersion: 1,
      brandId: campaign.brandId,
      occurredAt: now,
      data: { campaignId: campaign.id, trigger, queued },
    };
    await this.events.append([event]);
  }
}
