import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { InboundAddress, InboundContacts } from '../application/inbound-contacts.js';
import type { SenderChannel } from '../domain/sender-state.js';

// The phone a Telegram chat shared before, in any inbound message to one of the brand's senders.
const PHONE_OF_CHAT = prepared('inbound_phone_of_chat', `
  SELECT event->>'fromPhone' AS phone FROM provider_callbacks
   WHERE kind = 'inbound_message' AND brand_id = $1 AND provider_ref = $2 AND event->>'channel' = $3 AND event->>'fromPhone' IS NOT NULL
   ORDER BY received_at DESC LIMIT 1`);
const LEADS_BY_PHONE = prepared('inbound_leads_by_phone', `SELECT id FROM leads WHERE brand_id = $1 AND phone = $2`);

/**
 * Inbound contacts by phone number: the one shared in the message, else the one shared earlier
 * in the same chat (recorded with that message in provider_callbacks). Leads are read by their
 * (brand, phone) unique index; the audience module owns that table and this adapter only reads
 * the two columns a phone lookup needs. Deliveries that record the chat they were sent to
 * would let another implementation match a chat that never shared a phone.
 */
export class PgInboundContacts implements InboundContacts {
  constructor(private readonly db: Database) {}

  async leadsAt(brandId: string, channel: SenderChannel, address: InboundAddress): Promise<string[]> {
    const phone = address.phone ?? (await this.db.query<{ phone: string }>(PHONE_OF_CHAT, [brandId, address.from, channel]))[0]?.phone;
    if (!phone) return [];
    return (await this.db.query<{ id: string }>(LEADS_BY_PHONE, [brandId, phone])).map((row) => row.id);
  }
}
