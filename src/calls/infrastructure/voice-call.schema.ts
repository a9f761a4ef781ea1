import { EntitySchema } from 'typeorm';
import type { CallOutcome, TranscriptLine } from '../domain/voice-call-state.js';

/** A `voice_calls` row as PostgreSQL returns it. */
export interface VoiceCallRow {
  id: string;
  brand_id: string;
  campaign_id: string;
  lead_id: string;
  delivery_id: string;
  delivery_attempt: number;
  phone: string;
  provider_call_id: string;
  status: string;
  duration_seconds: number | null;
  failure_reason: string | null;
  recording_url: string | null;
  transcript: TranscriptLine[] | null;
  summary: string | null;
  outcome: CallOutcome | null;
  started_at: Date;
  completed_at: Date | null;
  updated_at: Date;
  version: number;
}

/** TypeORM mapping of `voice_calls` (the table itself is created by migrations, never synchronized). */
export const VoiceCallSchema = new EntitySchema<VoiceCallRow>({
  name: 'VoiceCall',
  tableName: 'voice_calls',
  columns: {
    id: { type: 'uuid', primary: true },
    brand_id: { type: 'text' },
    campaign_id: { type: 'uuid' },
    lead_id: { type: 'uuid' },
    delivery_id: { type: 'uuid' },
    delivery_attempt: { type: 'int' },
    phone: { type: 'text' },
    provider_call_id: { type: 'text' },
    status: { type: 'text' },
    duration_seconds: { type: 'int', nullable: true },
    failure_reason: { type: 'text', nullable: true },
    recording_url: { type: 'text', nullable: true },
    transcript: { type: 'jsonb', nullable: true },
    summary: { type: 'text', nullable: true },
    outcome: { type: 'jsonb', nullable: true },
    started_at: { type: 'timestamptz' },
    completed_at: { type: 'timestamptz', nullable: true },
    updated_at: { type: 'timestamptz' },
    version: { type: 'int' },
  },
  checks: [
    { name: 'voice_calls_status_check', expression: `status IN ('initiated', 'ringing', 'answered', 'completed', 'failed', 'no_answer', 'busy', 'cancelled')` },
    { name: 'voice_calls_delivery_attempt_check', expression: 'delivery_attempt >= 1' },
  ],
  // Declared so TypeORM knows them; created by the migration, hence synchronize: false.
  indices: [
    { name: 'voice_calls_delivery_attempt_key', columns: ['delivery_id', 'delivery_attempt'], unique: true, synchronize: false },
    { name: 'voice_calls_provider_call_key', columns: ['provider_call_id'], unique: true, synchronize: false },
    { name: 'voice_calls_campaign_idx', columns: ['campaign_id', 'id'], synchronize: false },
    { name: 'voice_calls_lead_idx', columns: ['lead_id', 'id'], synchronize: false },
  ],
});

/** Column list in table order, for hand-written INSERTs/UPDATEs. */
export const VOICE_CALL_COLUMNS = Object.keys(VoiceCallSchema.options.columns) as (keyof VoiceCallRow)[];
