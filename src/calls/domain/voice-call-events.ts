import type { CallOutcome, CallStatus, TranscriptLine } from './voice-call-state.js';

/** Aggregate type of every event below: they go to the `voice-call-events` topic. */
export const VOICE_CALL_AGGREGATE_TYPE = 'VoiceCall';

/**
 * One event per observed status change: a skipped status (a lost `ringing` callback) is not
 * invented afterwards. Every call that ends records exactly one of VoiceCallCompleted (it
 * connected and ended normally) or VoiceCallFailed, whose `status` tells failed, no_answer,
 * busy and cancelled apart: consumers that only ask "did it connect" read one event type, and
 * API.md's list of events stays as published.
 */
export const VoiceCallEventType = {
  Initiated: 'VoiceCallInitiated',
  Ringing: 'VoiceCallRinging',
  Answered: 'VoiceCallAnswered',
  Completed: 'VoiceCallCompleted',
  Failed: 'VoiceCallFailed',
  Recorded: 'VoiceCallRecorded',
  Transcribed: 'VoiceCallTranscribed',
  Summarized: 'VoiceCallSummarized',
} as const;
export type VoiceCallEventType = (typeof VoiceCallEventType)[keyof typeof VoiceCallEventType];

// Event data is JSON: instants are ISO 8601 strings.

export interface VoiceCallInitiatedData {
  readonly id: string;
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  readonly deliveryId: string;
  readonly deliveryAttempt: number;
  readonly phone: string;
  readonly providerCallId: string;
  readonly status: 'initiated';
  readonly startedAt: string;
}

export interface VoiceCallProgressedData {
  readonly previousStatus: CallStatus;
}

export interface VoiceCallCompletedData {
  readonly previousStatus: CallStatus;
  readonly durationSeconds: number | null;
  readonly completedAt: string;
}

export interface VoiceCallFailedData {
  readonly previousStatus: CallStatus;
  readonly status: 'failed' | 'no_answer' | 'busy' | 'cancelled';
  readonly reason: string | null;
  readonly durationSeconds: number | null;
  readonly completedAt: string;
}

export interface VoiceCallRecordedData {
  readonly recordingUrl: string;
  /** The URL it replaces when the provider reported another recording. */
  readonly previousRecordingUrl: string | null;
}

export interface VoiceCallTranscribedData {
  readonly transcript: TranscriptLine[];
}

/** Carries the lead and campaign so the consumer that applies the outcome to the lead needs nothing else. */
export interface VoiceCallSummarizedData {
  readonly leadId: string;
  readonly campaignId: string;
  readonly summary: string;
  readonly outcome: CallOutcome;
}

/** The data shape of each event type, so recording the wrong shape does not compile. */
export interface VoiceCallEventData {
  VoiceCallInitiated: VoiceCallInitiatedData;
  VoiceCallRinging: VoiceCallProgressedData;
  VoiceCallAnswered: VoiceCallProgressedData;
  VoiceCallCompleted: VoiceCallCompletedData;
  VoiceCallFailed: VoiceCallFailedData;
  VoiceCallRecorded: VoiceCallRecordedData;
  VoiceCallTranscribed: VoiceCallTranscribedData;
  VoiceCallSummarized: VoiceCallSummarizedData;
}
