import type { LeadStage } from '../../audience/domain/lead-state.js';

export const CALL_STATUSES = ['initiated', 'ringing', 'answered', 'completed', 'failed', 'no_answer', 'busy', 'cancelled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Every status but the first: the only ones a report can move a call to. */
export type ReportedCallStatus = Exclude<CallStatus, 'initiated'>;

/** Statuses of a call that is over; a call never leaves them. */
export const ENDED_CALL_STATUSES: readonly CallStatus[] = ['completed', 'failed', 'no_answer', 'busy', 'cancelled'];

export const TRANSCRIPT_SPEAKERS = ['bot', 'customer'] as const;
export type TranscriptSpeaker = (typeof TRANSCRIPT_SPEAKERS)[number];

export interface TranscriptLine {
  readonly speaker: TranscriptSpeaker;
  readonly text: string;
  /** Seconds from the start of the conversation. */
  readonly offsetSeconds: number;
  /** Speech-to-text confidence in [0, 1]; null when there is none (the bot's own lines). */
  readonly confidence: number | null;
}

/** What the call achieved, applied to the lead through the lead's own commands. */
export interface CallOutcome {
  readonly stageChange: LeadStage | null;
  readonly scoreDelta: number | null;
}

/** Plain snapshot of a voice call: what persistence maps from and to. */
export interface VoiceCallState {
  readonly id: string;
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  readonly deliveryId: string;
  /** The delivery's attempt that placed the call: one call per delivery attempt. */
  readonly deliveryAttempt: number;
  /** E.164. */
  readonly phone: string;
  readonly providerCallId: string;
  readonly status: CallStatus;
  /** As the provider reported it when the call ended; null before, or when it did not say. */
  readonly durationSeconds: number | null;
  /** Why the call ended without completing, as the provider put it. */
  readonly failureReason: string | null;
  readonly recordingUrl: string | null;
  /** Null until the voice agent attaches one. */
  readonly transcript: readonly TranscriptLine[] | null;
  readonly summary: string | null;
  readonly outcome: CallOutcome | null;
  /** When the call was placed. */
  readonly startedAt: Date;
  /** When it reached an ended status. */
  readonly completedAt: Date | null;
  readonly updatedAt: Date;
  readonly version: number;
}
