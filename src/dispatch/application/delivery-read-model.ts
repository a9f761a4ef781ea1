import type { DeliveryStatus } from '../domain/delivery-status.js';

/** A delivery as API.md represents it (JSON-ready). */
export interface DeliveryView {
  id: string;
  leadId: string;
  senderId: string | null;
  attempt: number;
  status: DeliveryStatus;
  scheduledAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  error: string | null;
  providerRef: string | null;
}

/** Read side of deliveries. */
export interface DeliveryReadModel {
  /** A campaign's deliveries by lead id, strictly after `afterLeadId` when given; `limit + 1` rows tell whether a next page exists. */
  listOfCampaign(campaignId: string, status: DeliveryStatus | undefined, limit: number, afterLeadId?: string): Promise<DeliveryView[]>;
}

export const DELIVERY_READ_MODEL = Symbol.for('DeliveryReadModel');
