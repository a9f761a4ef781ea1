import { SYSTEM_ACTOR, type UnitOfWork } from '../../../seedwork/application/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { CallStarter, PlacedCall } from '../application/call-starter.js';
import type { DeliveryResult } from '../application/delivery-queue.js';
import { PgDeliveryQueue } from './pg-delivery-queue.js';

// Read after the batch's outcomes were written, in the same transaction: only a success the
// queue applied counts (a fenced result changed nothing), with the reference it recorded.
const PLACED_CALLS = prepared('deliveries_placed_calls', `
  SELECT d.id, d.attempt, d.brand_id, d.campaign_id, d.lead_id, d.provider_ref, l.phone
    FROM deliveries d
    JOIN campaigns c ON c.id = d.campaign_id
    JOIN leads l ON l.id = d.lead_id
   WHERE d.id = ANY($1::uuid[]) AND d.status = 'succeeded' AND c.channel = 'call'
     AND d.provider_ref IS NOT NULL AND l.phone IS NOT NULL`);

interface PlacedCallRow { id: string; attempt: number; brand_id: string; campaign_id: string; lead_id: string; provider_ref: string; phone: string }

/**
 * The PostgreSQL queue whose `record` also starts the voice calls a batch placed, in the same
 * transaction: a worker that dies in between leaves neither the outcomes nor the calls, and the
 * lease expiry sends the same attempt again under the same idempotency key. Everything else is
 * the queue's own.
 */
export class CallStartingDeliveryQueue extends PgDeliveryQueue {
  readonly #db: Database;

  constructor(db: Database, private readonly uow: UnitOfWork, private readonly starter: CallStarter) {
    super(db);
    this.#db = db;
  }

  override async record(results: readonly DeliveryResult[], now: Date): Promise<number> {
    // Only a success with the provider's reference can have placed a call; the channel is checked in SQL.
    const succeeded = results.filter((r) => r.status === 'succeeded' && r.providerRef !== null).map((r) => r.id);
    if (succeeded.length === 0) return super.record(results, now);
    // The claim token correlates the calls' events with the batch's delivery events.
    const context = { actor: SYSTEM_ACTOR, correlationId: results[0]!.claimToken };
    return this.uow.run(context, async () => {
      const applied = await super.record(results, now);
      const calls = (await this.#db.query<PlacedCallRow>(PLACED_CALLS, [succeeded])).map((r): PlacedCall => ({
        deliveryId: r.id, attempt: r.attempt, brandId: r.brand_id, campaignId: r.campaign_id, leadId: r.lead_id, phone: r.phone, providerCallId: r.provider_ref,
      }));
      if (calls.length > 0) await this.starter.start(calls, context);
      return applied;
    });
  }
}
