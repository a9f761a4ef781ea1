import type { CallOutcome, CallStatus, TranscriptLine, VoiceCallState } from '../domain/voice-call-state.js';

/** The voice call as API.md represents it (JSON-ready). */
export interface VoiceCallView {
  id: string;
  brandId: string;
  campaignId: string;
  leadId: string;
  deliveryId: string;
  deliveryAttempt: number;
  phone: string;
  providerCallId: string;
  status: CallStatus;
  durationSeconds: number | null;
  failureReason: string | null;
  recordingUrl: string | null;
  transcript: TranscriptLine[] | null;
  summary: string | null;
  outcome: CallOutcome | null;
  startedAt: string;
  completedAt: string | null;
  version: number;
  updatedAt: string;
}

/** Maps a call snapshot to its API representation. */
export function toVoiceCallView(s: VoiceCallState): VoiceCallView {
  return {
    id: s.id,
    brandId: s.brandId,
    campaignId: s.campaignId,
    leadId: s.leadId,
    deliveryId: s.deliveryId,
    deliveryAttempt: s.deliveryAttempt,
    phone: s.phone,
    providerCallId: s.providerCallId,
    status: s.status,
    durationSeconds: s.durationSeconds,
    failureReason: s.failureReason,
    recordingUrl: s.recordingUrl,
    transcript: s.transcript && s.transcript.map((line) => ({ ...line })),
    summary: s.summary,
    outcome: s.outcome && { ...s.outcome },
    startedAt: s.startedAt.toISOString(),
    completedAt: s.completedAt?.toISOString() ?? null,
    version: s.version,
    updatedAt: s.updatedAt.toISOString(),
  };
}
