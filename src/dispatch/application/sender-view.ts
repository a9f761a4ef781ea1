import { senderSnapshotJson } from '../domain/sender-events.js';
import type { SenderChannel, SenderProvider, SenderState, SenderStatus } from '../domain/sender-state.js';

/** The sender as API.md represents it (JSON-ready). It never carries provider credentials. */
export interface SenderView {
  id: string;
  brandId: string;
  channel: SenderChannel;
  provider: SenderProvider;
  address: string;
  ratePerSecond: number;
  dailyCap: number | null;
  status: SenderStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Maps a sender snapshot to its API representation (the same values SenderCreated carries). */
export function toSenderView(state: SenderState): SenderView {
  const s = senderSnapshotJson(state);
  return {
    id: s.id,
    brandId: s.brandId,
    channel: s.channel,
    provider: s.provider,
    address: s.address,
    ratePerSecond: s.ratePerSecond,
    dailyCap: s.dailyCap,
    status: s.status,
    version: state.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
