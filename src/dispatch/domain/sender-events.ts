import type { SenderChannel, SenderState, SenderWritableFields } from './sender-state.js';

export const SenderEventType = {
  Created: 'SenderCreated',
  Updated: 'SenderUpdated',
  Deleted: 'SenderDeleted',
} as const;
export type SenderEventType = (typeof SenderEventType)[keyof typeof SenderEventType];

// Event data is JSON: instants are ISO 8601 strings. Credentials are never part of a sender.

export type SenderSettingsJson = SenderWritableFields;

/** The whole initial state except `version`, which the event carries as its aggregateVersion. */
export interface SenderCreatedData extends SenderSettingsJson {
  readonly id: string;
  readonly brandId: string;
  readonly channel: SenderChannel;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Only the fields that really changed, with their new and their old values. */
export interface SenderUpdatedData {
  readonly changes: Partial<SenderSettingsJson>;
  readonly previous: Partial<SenderSettingsJson>;
}

export type SenderDeletedData = Record<string, never>;

/** The data shape of each event type, so recording the wrong shape does not compile. */
export interface SenderEventData {
  SenderCreated: SenderCreatedData;
  SenderUpdated: SenderUpdatedData;
  SenderDeleted: SenderDeletedData;
}

/** The sender as SenderCreated carries it (and the representation, without `version`). */
export function senderSnapshotJson(state: Omit<SenderState, 'version'>): SenderCreatedData {
  return {
    id: state.id,
    brandId: state.brandId,
    channel: state.channel,
    provider: state.provider,
    address: state.address,
    ratePerSecond: state.ratePerSecond,
    dailyCap: state.dailyCap,
    status: state.status,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}
