import type { CallStatus, VoiceCallState } from '../domain/voice-call-state.js';
import type { VoiceCallRow } from './voice-call.schema.js';

/** Row → snapshot. The row was written from a valid aggregate, so it is trusted as is. */
export function toVoiceCallState(row: VoiceCallRow): VoiceCallState {
  return {
    id: row.id,
    brandId: row.brand_id,
    campaignId: row.campaign_id,
    leadId: row.lead_id,
    deliveryId: row.delivery_id,
    deliveryAttempt: row.delivery_attempt,
    phone: row.phone,
    providerCallId: row.provider_call_id,
    status: row.status as CallStatus,
    durationSeconds: row.duration_seconds,
    failureReason: row.failure_reason,
    recordingUrl: row.recording_url,
    transcript: row.transcript,
    summary: row.summary,
    outcome: row.outcome,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Snapshot → row values. */
export function toVoiceCallRow(s: VoiceCallState): VoiceCallRow {
  return {
    id: s.id,
    brand_id: s.brandId,
    campaign_id: s.campaignId,
    lead_id: s.leadId,
    delivery_id: s.deliveryId,
    delivery_attempt: s.deliveryAttempt,
    phone: s.phone,
    provider_call_id: s.providerCallId,
    status: s.status,
    duration_seconds: s.durationSeconds,
    failure_reason: s.failureReason,
    recording_url: s.recordingUrl,
    transcript: s.transcript === null ? null : [...s.transcript],
    summary: s.summary,
    outcome: s.outcome,
    started_at: s.startedAt,
    completed_at: s.completedAt,
    updated_at: s.updatedAt,
    version: s.version,
  };
}
