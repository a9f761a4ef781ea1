import type { SenderChannel } from '../domain/sender-state.js';

/** Who wrote in: the conversation it came from, and the phone number when one is known. */
export interface InboundAddress {
  readonly from: string;
  readonly phone: string | null;
}

/**
 * Finds the leads behind an inbound message, so a STOP can opt them out. A Telegram chat is not
 * a phone number: a lead is found by the phone the contact shared in that chat, and
 * implementations that know which chat a delivery was sent to may match on that as well.
 */
export interface InboundContacts {
  /** Ids of the brand's leads reached at this address on `channel`; empty when none is known. */
  leadsAt(brandId: string, channel: SenderChannel, address: InboundAddress): Promise<string[]>;
}

export const INBOUND_CONTACTS = Symbol.for('InboundContacts');
