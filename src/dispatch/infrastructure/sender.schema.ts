import { EntitySchema } from 'typeorm';

/** A `senders` row as PostgreSQL returns it. */
export interface SenderRow {
  id: string;
  brand_id: string;
  channel: string;
  provider: string;
  address: string;
  rate_per_second: number;
  daily_cap: number | null;
  status: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** TypeORM mapping of `senders` (the table itself is created by migrations, never synchronized). */
export const SenderSchema = new EntitySchema<SenderRow>({
  name: 'Sender',
  tableName: 'senders',
  columns: {
    id: { type: 'uuid', primary: true },
    brand_id: { type: 'text' },
    channel: { type: 'text' },
    provider: { type: 'text' },
    address: { type: 'text' },
    rate_per_second: { type: 'double precision' },
    daily_cap: { type: 'int', nullable: true },
    status: { type: 'text' },
    version: { type: 'int' },
    created_at: { type: 'timestamptz' },
    updated_at: { type: 'timestamptz' },
  },
  checks: [
    { name: 'senders_channel_check', expression: `channel IN ('call', 'whatsapp', 'telegram', 'email', 'sms')` },
    { name: 'senders_provider_check', expression: `provider IN ('simulated', 'twilio', 'telegram', 'smtp')` },
    { name: 'senders_status_check', expression: `status IN ('active', 'disabled')` },
    { name: 'senders_rate_check', expression: 'rate_per_second > 0 AND rate_per_second <= 1000' },
    { name: 'senders_daily_cap_check', expression: 'daily_cap >= 1' },
  ],
  // Declared so TypeORM knows them; created by the migration (sort orders), hence synchronize: false.
  indices: [
    { name: 'senders_brand_channel_address_key', columns: ['brand_id', 'channel', 'address'], unique: true, synchronize: false },
    { name: 'senders_brand_created_idx', columns: ['brand_id', 'created_at', 'id'], synchronize: false },
  ],
});

/** Column list in table order, for hand-written INSERTs/UPDATEs. */
export const SENDER_COLUMNS = Object.keys(SenderSchema.options.columns) as (keyof SenderRow)[];

/** The unique index behind "one sender per brand, channel and address"; its violation is a duplicate. */
export const SENDER_ADDRESS_CONSTRAINT = 'senders_brand_channel_address_key';
