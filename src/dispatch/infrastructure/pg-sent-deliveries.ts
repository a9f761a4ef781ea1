import { newId, type DomainEvent } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import type { OutcomeReport, SentDeliveries, SentDelivery } from '../application/message-status-receiver.js';
import { DELIVERY_AGGREGATE } from './pg-delivery-queue.js';

/** The event a status report of a sent message records, as the Delivery aggregate's next version. */
export const DELIVERY_OUTCOME_REPORTED = 'DeliveryOutcomeReported';

const FIND_FOR_UPDATE = prepared('sent_delivery_for_update', `
  SELECT id, brand_id, campaign_id, lead_id, attempt, outcome, outcome_reports, provider_ref FROM deliveries
   WHERE provider_ref = $1 AND status = 'succeeded' AND ($2::text IS NULL OR brand_id = $2) AND ($3::uuid IS NULL OR id = $3)
   ORDER BY id LIMIT 1
     FOR UPDATE`);

// outcome_reports in the WHERE clause: nobody reported on the delivery since it was read.
const REPORT = `UPDATE deliveries SET outcome = $2, error = coalesce($3, error), outcome_reports = outcome_reports + 1
  WHERE id = $1 AND outcome_reports = $4 RETURNING 1`;

interface SentRow {
  id: string; brand_id: string; campaign_id: string; lead_id: string; attempt: number; outcome: string | null; outcome_reports: number; provider_ref: string;
}

/**
 * Sent deliveries on PostgreSQL. A succeeded delivery is final: no attempt follows, so the
 * Delivery aggregate's versions after the one of its last attempt (DELIVERY_AGGREGATE) are free,
 * and each applied report takes the next: `attempt + outcome_reports`. The row and its event are
 * written in one statement (EventStore.writeWithEvents).
 */
export class PgSentDeliveries implements SentDeliveries {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  async findForUpdate(providerRef: string, target: { brandId: string | null; deliveryId: string | null }): Promise<SentDelivery | null> {
    const [row] = await this.db.query<SentRow>(FIND_FOR_UPDATE, [providerRef, target.brandId, target.deliveryId]);
    if (!row) return null;
    return {
      id: row.id, brandId: row.brand_id, campaignId: row.campaign_id, leadId: row.lead_id, attempt: row.attempt,
      outcome: row.outcome, outcomeReports: row.outcome_reports, providerRef: row.provider_ref,
    };
  }

  async report(delivery: SentDelivery, report: OutcomeReport, now: Date): Promise<void> {
    const event: DomainEvent = {
      eventId: newId(),
      eventType: DELIVERY_OUTCOME_REPORTED,
      schemaVersion: 1,
      aggregateType: DELIVERY_AGGREGATE,
      aggregateId: delivery.id,
      aggregateVersion: delivery.attempt + delivery.outcomeReports + 1,
      brandId: delivery.brandId,
      occurredAt: now,
      data: {
        campaignId: delivery.campaignId, leadId: delivery.leadId, attempt: delivery.attempt, outcome: report.outcome,
        previousOutcome: report.previousOutcome, error: report.error, providerRef: delivery.providerRef, providerStatus: report.providerStatus,
      },
    };
    const params = [delivery.id, report.outcome, report.error, delivery.outcomeReports];
    await this.events.writeWithEvents({ name: 'sent_delivery_report', sql: REPORT, params }, [event]);
  }
}
