import { InvalidTransitionError } from '../../../seedwork/domain/index.js';
import { ENDED_CALL_STATUSES, type CallStatus, type ReportedCallStatus } from './voice-call-state.js';

/**
 * Where a provider's status report may move a call: status only moves forward. Callbacks arrive
 * late, twice or out of order, so any other report is ignored, not refused: a repeat or an
 * earlier status (ringing after answered), anything once the call has ended, and a report that
 * contradicts what is known (busy or no_answer after answered: someone did pick up; cancelled
 * after answered: hanging up an answered call ends it as completed). Intermediate statuses may
 * be skipped, because providers only report the events a call was subscribed to.
 */
export const CALL_STATUS_MOVES: Readonly<Record<CallStatus, readonly ReportedCallStatus[]>> = {
  initiated: ['ringing', 'answered', 'completed', 'failed', 'no_answer', 'busy', 'cancelled'],
  ringing: ['answered', 'completed', 'failed', 'no_answer', 'busy', 'cancelled'],
  answered: ['completed', 'failed'],
  completed: [],
  failed: [],
  no_answer: [],
  busy: [],
  cancelled: [],
};

/** True when a report of `reported` moves a call in `current`; false when it is to be ignored. */
export function movesCallForward(current: CallStatus, reported: CallStatus): reported is ReportedCallStatus {
  return (CALL_STATUS_MOVES[current] as readonly CallStatus[]).includes(reported);
}

/** What may be attached to a call besides its status. */
export const CALL_ATTACHMENTS = ['recording', 'transcript', 'summary'] as const;
export type CallAttachment = (typeof CALL_ATTACHMENTS)[number];

/**
 * In which statuses each attachment is accepted. A transcript or summary describes a conversation
 * that is over: after `completed`, or `failed` (a call may drop mid-conversation). A recording
 * callback may overtake the status callbacks, so it is accepted while the call may still be
 * connected too. A call that never connected (no_answer, busy, cancelled) has none of them.
 */
export const CALL_ATTACHMENT_STATUSES: Readonly<Record<CallAttachment, readonly CallStatus[]>> = {
  recording: ['initiated', 'ringing', 'answered', 'completed', 'failed'],
  transcript: ['completed', 'failed'],
  summary: ['completed', 'failed'],
};

/** Throws InvalidTransitionError (409) when `attachment` cannot be attached to a call in `current`. */
export function checkCallAttachment(current: CallStatus, attachment: CallAttachment): void {
  if (CALL_ATTACHMENT_STATUSES[attachment].includes(current)) return;
  // Refused while not ended means "too early"; refused once ended means it never connected.
  const why = ENDED_CALL_STATUSES.includes(current) ? 'it never connected' : 'it has not ended';
  throw new InvalidTransitionError('VoiceCall', current, `attach a ${attachment}`, `Cannot attach a ${attachment} to a call whose status is '${current}': ${why}`);
}
