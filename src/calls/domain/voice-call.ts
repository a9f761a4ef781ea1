import { AggregateRoot, BusinessRuleError, isUuid, newId, ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import { callSummaryOf, type CallSummaryInput } from './call-summary.js';
import { recordingUrlOf } from './recording-url.js';
import { transcriptOf, type TranscriptLineInput } from './transcript.js';
import { VOICE_CALL_AGGREGATE_TYPE, VoiceCallEventType, type VoiceCallEventData } from './voice-call-events.js';
import { checkCallAttachment, movesCallForward } from './voice-call-lifecycle.js';
import { CALL_STATUSES, type CallOutcome, type CallStatus, type TranscriptLine, type VoiceCallState } from './voice-call-state.js';

export interface InitiateVoiceCallInput {
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  readonly deliveryId: string;
  readonly deliveryAttempt: number;
  readonly phone: string;
  readonly providerCallId: string;
}

/** A status callback as the gateway maps it from the provider's. */
export interface CallStatusReport {
  readonly status: CallStatus;
  /** Talk time, reported when the call ends. */
  readonly durationSeconds?: number | null;
  /** The provider's error code or description, kept for calls that end without completing. */
  readonly reason?: string | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The aggregate's own copy of its state; `version` is derived by AggregateRoot from the events. */
type VoiceCallProps = Mutable<Omit<VoiceCallState, 'version'>>;

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_PROVIDER_ID = 128;
const MAX_REASON = 500;
/** A day: no campaign call lasts longer, so a larger duration is a gateway bug. */
const MAX_DURATION_SECONDS = 86_400;

const copyDate = (date: Date): Date => new Date(date.getTime());
const copyLines = (lines: readonly TranscriptLine[]): TranscriptLine[] => lines.map((line) => ({ ...line }));
// Field by field, not as JSON: a transcript read back from jsonb may list its keys in another order.
const sameLines = (a: readonly TranscriptLine[], b: readonly TranscriptLine[]): boolean =>
  a.length === b.length &&
  a.every((line, i) => line.speaker === b[i]!.speaker && line.text === b[i]!.text && line.offsetSeconds === b[i]!.offsetSeconds && line.confidence === b[i]!.confidence);
const sameOutcome = (a: CallOutcome | null, b: CallOutcome): boolean => a !== null && a.stageChange === b.stageChange && a.scoreDelta === b.scoreDelta;

// Deep copy, so neither a caller of `state` nor the persistence mapper shares objects with the aggregate.
function copyProps(state: Omit<VoiceCallState, 'version'>): VoiceCallProps {
  return {
    id: state.id,
    brandId: state.brandId,
    campaignId: state.campaignId,
    leadId: state.leadId,
    deliveryId: state.deliveryId,
    deliveryAttempt: state.deliveryAttempt,
    phone: state.phone,
    providerCallId: state.providerCallId,
    status: state.status,
    durationSeconds: state.durationSeconds,
    failureReason: state.failureReason,
    recordingUrl: state.recordingUrl,
    transcript: state.transcript && copyLines(state.transcript),
    summary: state.summary,
    outcome: state.outcome && { ...state.outcome },
    startedAt: copyDate(state.startedAt),
    completedAt: state.completedAt && copyDate(state.completedAt),
    updatedAt: copyDate(state.updatedAt),
  };
}

function initiationErrors(input: InitiateVoiceCallInput, id: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['campaignId', 'leadId', 'deliveryId'] as const) {
    if (typeof input[field] !== 'string' || !isUuid(input[field])) errors.push({ field, message: 'must be a UUID' });
  }
  if (!isUuid(id)) errors.push({ field: 'id', message: 'must be a UUID' });
  if (!(Number.isSafeInteger(input.deliveryAttempt) && input.deliveryAttempt >= 1)) errors.push({ field: 'deliveryAttempt', message: 'must be an integer from 1' });
  if (typeof input.brandId !== 'string' || !BRAND_ID.test(input.brandId)) {
    errors.push({ field: 'brandId', message: 'must be 1 to 64 letters, digits, ".", "_" or "-"' });
  }
  if (typeof input.phone !== 'string' || !E164.test(input.phone)) errors.push({ field: 'phone', message: 'must be an E.164 number' });
  const providerCallId = typeof input.providerCallId === 'string' ? input.providerCallId.trim() : '';
  if (providerCallId === '' || providerCallId.length > MAX_PROVIDER_ID) {
    errors.push({ field: 'providerCallId', message: `must be 1 to ${MAX_PROVIDER_ID} characters` });
  }
  return errors;
}

function reportOf(report: CallStatusReport): { status: CallStatus; durationSeconds: number | null; reason: string | null } {
  const errors: FieldError[] = [];
  if (!(CALL_STATUSES as readonly unknown[]).includes(report.status)) errors.push({ field: 'status', message: `must be one of ${CALL_STATUSES.join(', ')}` });
  const durationSeconds = report.durationSeconds ?? null;
  if (durationSeconds !== null && !(Number.isInteger(durationSeconds) && durationSeconds >= 0 && durationSeconds <= MAX_DURATION_SECONDS)) {
    errors.push({ field: 'durationSeconds', message: `must be a whole number of seconds from 0 to ${MAX_DURATION_SECONDS}` });
  }
  const raw = report.reason ?? null;
  const reason = typeof raw === 'string' ? raw.trim() : raw;
  if (reason !== null && (typeof reason !== 'string' || [...reason].length > MAX_REASON)) {
    errors.push({ field: 'reason', message: `must be text of at most ${MAX_REASON} characters` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { status: report.status, durationSeconds, reason: reason === '' ? null : reason };
}

/**
 * One outbound call of a campaign to a lead (a delivery on the `call` channel). Provider
 * callbacks move its status forward only (voice-call-lifecycle.ts) and are idempotent; the voice
 * agent attaches the transcript and the summary once the call is over. Each change records
 * exactly one event, or none when nothing changes.
 */
export class VoiceCall extends AggregateRoot {
  readonly aggregateType = VOICE_CALL_AGGREGATE_TYPE;
  readonly #props: VoiceCallProps;

  private constructor(props: VoiceCallProps, persistedVersion: number) {
    super(props.id, props.brandId, persistedVersion);
    this.#props = props;
  }

  /** A call the provider accepted (it returned `providerCallId`), in status `initiated` since `now`. */
  static initiate(input: InitiateVoiceCallInput, now: Date, id: string = newId()): VoiceCall {
    const errors = initiationErrors(input, id);
    if (errors.length > 0) throw new ValidationError(errors);
    const call = new VoiceCall(
      {
        id,
        brandId: input.brandId,
        campaignId: input.campaignId,
        leadId: input.leadId,
        deliveryId: input.deliveryId,
        deliveryAttempt: input.deliveryAttempt,
        phone: input.phone,
        providerCallId: input.providerCallId.trim(),
        status: 'initiated',
        durationSeconds: null,
        failureReason: null,
        recordingUrl: null,
        transcript: null,
        summary: null,
        outcome: null,
        startedAt: copyDate(now),
        completedAt: null,
        updatedAt: copyDate(now),
      },
      0,
    );
    const { brandId, campaignId, leadId, deliveryId, deliveryAttempt, phone, providerCallId } = call.#props;
    const data = { id, brandId, campaignId, leadId, deliveryId, deliveryAttempt, phone, providerCallId, status: 'initiated' as const, startedAt: now.toISOString() };
    call.#record(VoiceCallEventType.Initiated, data, now);
    return call;
  }

  /** Rebuilds a call from persistence without validating or recording anything. */
  static restore(state: VoiceCallState): VoiceCall {
    return new VoiceCall(copyProps(state), state.version);
  }

  /** A copy of the current state, including events recorded but not yet saved. */
  get state(): VoiceCallState {
    return { ...copyProps(this.#props), version: this.version };
  }

  get status(): CallStatus {
    return this.#props.status;
  }

  /**
   * Applies a provider status report. A report that does not move the call forward (a repeat, a
   * late or contradictory one, anything after the end) changes and records nothing: callbacks
   * come late, twice and out of order, and none of that is the provider's error to answer.
   */
  reportStatus(report: CallStatusReport, now: Date): void {
    const { status, durationSeconds, reason } = reportOf(report);
    const previousStatus = this.#props.status;
    if (!movesCallForward(previousStatus, status)) return;
    this.#props.status = status;
    if (status === 'ringing' || status === 'answered') {
      this.#record(status === 'ringing' ? VoiceCallEventType.Ringing : VoiceCallEventType.Answered, { previousStatus }, now);
      return;
    }
    this.#props.completedAt = copyDate(now);
    this.#props.durationSeconds = durationSeconds;
    const completedAt = now.toISOString();
    if (status === 'completed') {
      this.#record(VoiceCallEventType.Completed, { previousStatus, durationSeconds, completedAt }, now);
      return;
    }
    this.#props.failureReason = reason;
    this.#record(VoiceCallEventType.Failed, { previousStatus, status, reason, durationSeconds, completedAt }, now);
  }

  /**
   * Stores the recording's URL, accepted only as https on one of `allowedDomains` (the provider's,
   * from configuration). The same URL again changes nothing; another one replaces it (providers
   * may report a second recording) and records it.
   */
  attachRecording(url: string, allowedDomains: readonly string[], now: Date): void {
    checkCallAttachment(this.#props.status, 'recording');
    const recordingUrl = recordingUrlOf(url, allowedDomains);
    const previousRecordingUrl = this.#props.recordingUrl;
    if (recordingUrl === previousRecordingUrl) return;
    this.#props.recordingUrl = recordingUrl;
    this.#record(VoiceCallEventType.Recorded, { recordingUrl, previousRecordingUrl }, now);
  }

  /**
   * Attaches what the voice agent transcribed, once the call has ended (else 409). Sending the
   * same transcript again changes nothing (a retried request); a different one is a conflict,
   * because the summary and the lead's changes were drawn from the first.
   */
  attachTranscript(lines: readonly TranscriptLineInput[], now: Date): void {
    checkCallAttachment(this.#props.status, 'transcript');
    const transcript = transcriptOf(lines);
    const current = this.#props.transcript;
    if (current !== null) {
      if (sameLines(current, transcript)) return;
      throw new BusinessRuleError('The call already has a different transcript');
    }
    this.#props.transcript = transcript;
    this.#record(VoiceCallEventType.Transcribed, { transcript: copyLines(transcript) }, now);
  }

  /**
   * Attaches the voice agent's summary and outcome, once the call has ended (else 409). The
   * outcome moves the lead's stage and score (the SummarizeCall use case sends the lead's own
   * commands in the same transaction), so it is taken once: the same summary again changes
   * nothing, a different one is a conflict rather than a second score change.
   */
  summarize(input: CallSummaryInput, now: Date): void {
    checkCallAttachment(this.#props.status, 'summary');
    const { summary, outcome } = callSummaryOf(input);
    if (this.#props.summary !== null) {
      if (this.#props.summary === summary && sameOutcome(this.#props.outcome, outcome)) return;
      throw new BusinessRuleError('The call already has a different summary');
    }
    this.#props.summary = summary;
    this.#props.outcome = outcome;
    const { leadId, campaignId } = this.#props;
    this.#record(VoiceCallEventType.Summarized, { leadId, campaignId, summary, outcome: { ...outcome } }, now);
  }

  #record<T extends VoiceCallEventType>(type: T, data: VoiceCallEventData[T], now: Date): void {
    this.record(type, data, now);
    this.#props.updatedAt = copyDate(now);
  }
}
