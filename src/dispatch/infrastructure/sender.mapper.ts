import type { SenderState } from '../domain/sender-state.js';
import type { SenderRow } from './sender.schema.js';

/** Row → snapshot. The row was written from a valid aggregate, so it is trusted as is. */
export function toSenderState(row: SenderRow): SenderState {
  return {
    id: row.id,
    brandId: row.brand_id,
    channel: row.channel as SenderState['channel'],
    provider: row.provider as SenderState['provider'],
    address: row.address,
    ratePerSecond: row.rate_per_second,
    dailyCap: row.daily_cap,
    status: row.status as SenderState['status'],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Snapshot → row values, in SENDER_COLUMNS order. */
export function toSenderRow(s: SenderState): SenderRow {
  return {
    id: s.id,
    brand_id: s.brandId,
    channel: s.channel,
    provider: s.provider,
    address: s.address,
    rate_per_second: s.ratePerSecond,
    daily_cap: s.dailyCap,
    status: s.status,
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}
