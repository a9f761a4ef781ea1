import { InvalidTransitionError } from '../../../seedwork/domain/index.js';
import { CALL_ATTACHMENT_STATUSES, CALL_ATTACHMENTS, CALL_STATUS_MOVES, type CallAttachment } from '../../../src/calls/domain/voice-call-lifecycle.js';
import { CALL_STATUSES, type CallStatus } from '../../../src/calls/domain/voice-call-state.js';
import type { VoiceCall } from '../../../src/calls/domain/voice-call.js';
import { aCallIn, aTranscript, caught, LATER, onlyEvent, RECORDING_DOMAINS, RECORDING_URL, STORED_VERSION } from './voice-call.mother.js';

/**
 * The call status machine, stated independently of the production table: statuses are ranked
 * initiated < ringing < answered < every ended status; a report moves the call only to a higher
 * rank, never out of an ended status, and never to "did not connect" once answered.
 */
const RANK: Record<CallStatus, number> = { initiated: 0, ringing: 1, answered: 2, completed: 3, failed: 3, no_answer: 3, busy: 3, cancelled: 3 };
const NEVER_CONNECTED: readonly CallStatus[] = ['no_answer', 'busy', 'cancelled'];
const EVENT: Record<CallStatus, string | null> = {
  initiated: null,
  ringing: 'VoiceCallRinging',
  answered: 'VoiceCallAnswered',
  completed: 'VoiceCallCompleted',
  failed: 'VoiceCallFailed',
  no_answer: 'VoiceCallFailed',
  busy: 'VoiceCallFailed',
  cancelled: 'VoiceCallFailed',
};

function moves(current: CallStatus, reported: CallStatus): boolean {
  return RANK[reported] > RANK[current] && !(current === 'answered' && NEVER_CONNECTED.includes(reported));
}

const pairs = CALL_STATUSES.flatMap((current) => CALL_STATUSES.map((reported) => ({ current, reported })));
const moving = pairs.filter(({ current, reported }) => moves(current, reported));
const ignored = pairs.filter(({ current, reported }) => !moves(current, reported));

describe('VoiceCall status reports, every (status × reported status) pair', () => {
  it('covers all pairs, and the table has every status', () => {
    expect(pairs).toHaveLength(CALL_STATUSES.length ** 2);
    expect(moving.length + ignored.length).toBe(pairs.length);
    expect(Object.keys(CALL_STATUS_MOVES).sort()).toEqual([...CALL_STATUSES].sort());
  });

  describe.each(moving)('given a call $current, when the provider reports $reported', ({ current, reported }) => {
    it(`then it is ${reported} and exactly one ${EVENT[reported]} is recorded`, () => {
      const call = aCallIn(current);
      const before = call.state;

      call.reportStatus({ status: reported, durationSeconds: 42, reason: ' 31005 Connection error ' }, LATER);

      const ends = RANK[reported] === 3;
      expect(call.state).toEqual({
        ...before,
        status: reported,
        completedAt: ends ? LATER : null,
        durationSeconds: ends ? 42 : null,
        failureReason: ends && reported !== 'completed' ? '31005 Connection error' : null,
        updatedAt: LATER,
        version: STORED_VERSION + 1,
      });
      const event = onlyEvent(call);
      expect(event).toMatchObject({ eventType: EVENT[reported], aggregateType: 'VoiceCall', aggregateVersion: STORED_VERSION + 1, occurredAt: LATER });
      const completedAt = LATER.toISOString();
      if (reported === 'ringing' || reported === 'answered') expect(event.data).toEqual({ previousStatus: current });
      else if (reported === 'completed') expect(event.data).toEqual({ previousStatus: current, durationSeconds: 42, completedAt });
      else expect(event.data).toEqual({ previousStatus: current, status: reported, reason: '31005 Connection error', durationSeconds: 42, completedAt });
    });
  });

  describe.each(ignored)('given a call $current, when the provider reports $reported', ({ current, reported }) => {
    it('then the late, repeated or contradictory report changes and records nothing, without an error', () => {
      const call = aCallIn(current);
      const before = call.state;

      call.reportStatus({ status: reported, durationSeconds: 7 }, LATER);

      expect(call.state).toEqual(before);
      expect(call.pendingEvents).toHaveLength(0);
    });
  });

  it('absorbs callbacks arriving twice and out of order, ending with one event per real change', () => {
    const call = aCallIn('initiated');
    for (const status of ['answered', 'ringing', 'answered', 'initiated', 'completed', 'ringing', 'failed', 'completed'] as const) {
      call.reportStatus({ status, durationSeconds: status === 'completed' ? 95 : null }, LATER);
    }
    expect(call.pendingEvents.map((e) => e.eventType)).toEqual(['VoiceCallAnswered', 'VoiceCallCompleted']);
    expect(call.state).toMatchObject({ status: 'completed', durationSeconds: 95, failureReason: null });
  });
});

/** Attachments, stated independently: transcript and summary after the conversation is over; a recording unless the call never connected. */
const ATTACHABLE: Record<CallAttachment, (status: CallStatus) => boolean> = {
  recording: (status) => !NEVER_CONNECTED.includes(status),
  transcript: (status) => status === 'completed' || status === 'failed',
  summary: (status) => status === 'completed' || status === 'failed',
};

const ATTACH: Record<CallAttachment, (call: VoiceCall) => void> = {
  recording: (call) => call.attachRecording(RECORDING_URL, RECORDING_DOMAINS, LATER),
  transcript: (call) => call.attachTranscript(aTranscript(), LATER),
  summary: (call) => call.summarize({ summary: 'Interesada, cita el martes.', outcome: { stageChange: 'meeting_scheduled', scoreDelta: 10 } }, LATER),
};
const ATTACHED_EVENT: Record<CallAttachment, string> = { recording: 'VoiceCallRecorded', transcript: 'VoiceCallTranscribed', summary: 'VoiceCallSummarized' };

const attachments = CALL_STATUSES.flatMap((status) => CALL_ATTACHMENTS.map((attachment) => ({ status, attachment, allowed: ATTACHABLE[attachment](status) })));

describe('VoiceCall attachments, every (status × attachment) pair', () => {
  it('covers all pairs, and the table has every attachment', () => {
    expect(attachments).toHaveLength(CALL_STATUSES.length * CALL_ATTACHMENTS.length);
    expect(Object.keys(CALL_ATTACHMENT_STATUSES).sort()).toEqual([...CALL_ATTACHMENTS].sort());
  });

  describe.each(attachments.filter(({ allowed }) => allowed))('given a call $status, when a $attachment is attached', ({ status, attachment }) => {
    it('then exactly one event records it and the status stays', () => {
      const call = aCallIn(status);
      ATTACH[attachment](call);
      expect(onlyEvent(call)).toMatchObject({ eventType: ATTACHED_EVENT[attachment], aggregateVersion: STORED_VERSION + 1 });
      expect(call.status).toBe(status);
    });
  });

  describe.each(attachments.filter(({ allowed }) => !allowed))('given a call $status, when a $attachment is attached', ({ status, attachment }) => {
    it('then 409 names the status, and nothing changes', () => {
      const call = aCallIn(status);
      const before = call.state;
      const error = caught(() => ATTACH[attachment](call));
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ kind: 'conflict', resource: 'VoiceCall', currentStatus: status });
      const why = NEVER_CONNECTED.includes(status) ? 'it never connected' : 'it has not ended';
      expect((error as Error).message).toBe(`Cannot attach a ${attachment} to a call whose status is '${status}': ${why}`);
      expect(call.state).toEqual(before);
      expect(call.pendingEvents).toHaveLength(0);
    });
  });
});
