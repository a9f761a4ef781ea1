import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { DeliveryReadModel, DeliveryView } from '../application/delivery-read-model.js';
import type { DeliveryStatus } from '../domain/delivery-status.js';

// By lead id, on the (campaign_id, lead_id) unique index: one delivery per member, listed in the
// audience's order. The optional filters keep the statement fixed, so it is prepared once.
const LIST = prepared('deliveries_of_campaign', `
  SELECT id, lead_id, sender_id, attempt, status, scheduled_at, started_at, finished_at, outcome, error, provider_ref
    FROM deliveries
   WHERE campaign_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR lead_id > $3)
   ORDER BY lead_id LIMIT $4`);

interface DeliveryRow {
  id: string; lead_id: string; sender_id: string | null; attempt: number; status: DeliveryStatus; scheduled_at: Date;
  started_at: Date | null; finished_at: Date | null; outcome: string | null; error: string | null; provider_ref: string | null;
}

/** Read side of deliveries on PostgreSQL. */
export class PgDeliveryReadModel implements DeliveryReadModel {
  constructor(private readonly db: Database) {}

  async listOfCampaign(campaignId: string, status: DeliveryStatus | undefined, limit: number, afterLeadId?: string): Promise<DeliveryView[]> {
    const rows = await this.db.query<DeliveryRow>(LIST, [campaignId, status ?? null, afterLeadId ?? null, limit]);
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      senderId: r.sender_id,
      attempt: r.attempt,
      status: r.status,
      scheduledAt: r.scheduled_at.toISOString(),
      startedAt: r.started_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
      outcome: r.outcome,
      error: r.error,
      providerRef: r.provider_ref,
    }));
  }
}
