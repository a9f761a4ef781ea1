import type { DomainEvent } from '../../../seedwork/domain/index.js';
import { VoiceCall, type InitiateVoiceCallInput } from '../../../src/calls/domain/voice-call.js';
import type { CallStatus, VoiceCallState } from '../../../src/calls/domain/voice-call-state.js';
import type { TranscriptLineInput } from '../../../src/calls/domain/transcript.js';

/** Business time of every test. */
export const NOW = new Date('2026-11-23T15:00:00.000Z');
export const LATER = new Date('2026-11-23T15:04:10.000Z');
export const CALL_ID = '01935a4e-7c00-7000-8000-0000000000c1';
/** Version of every restored call, far from 0 so off-by-one errors show. */
export const STORED_VERSION = 5;
export const RECORDING_DOMAINS = ['twilio.com'];
export const RECORDING_URL = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE456.mp3';

export function anInitiateInput(overrides: Partial<InitiateVoiceCallInput> = {}): InitiateVoiceCallInput {
  return {
    brandId: 'acme',
    campaignId: '01935a4e-7c00-7000-8000-000000000001',
    leadId: '01935a4e-7c00-7000-8000-0000000000aa',
    deliveryId: '01935a4e-7c00-7000-8000-0000000000d1',
    deliveryAttempt: 1,
    phone: '+573001234567',
    providerCallId: 'CA0123456789abcdef0123456789abcdef',
    ...overrides,
  };
}

const ENDED: readonly CallStatus[] = ['completed', 'failed', 'no_answer', 'busy', 'cancelled'];

/** A stored snapshot in `status`, as the repository would load it. */
export function aCallState(overrides: Partial<VoiceCallState> = {}): VoiceCallState {
  const status = overrides.status ?? 'initiated';
  const ended = ENDED.includes(status);
  return {
    id: CALL_ID,
    ...anInitiateInput(),
    status,
    durationSeconds: status === 'completed' ? 240 : ended ? 0 : null,
    failureReason: ended && status !== 'completed' ? 'carrier said so' : null,
    recordingUrl: null,
    transcript: null,
    summary: null,
    outcome: null,
    startedAt: new Date('2026-11-23T14:55:00.000Z'),
    completedAt: ended ? new Date('2026-11-23T14:59:00.000Z') : null,
    updatedAt: new Date('2026-11-23T14:59:00.000Z'),
    version: STORED_VERSION,
    ...overrides,
  };
}

export function aCallIn(status: CallStatus, overrides: Partial<VoiceCallState> = {}): VoiceCall {
  return VoiceCall.restore(aCallState({ ...overrides, status }));
}

export function aTranscript(): TranscriptLineInput[] {
  return [
    { speaker: 'bot', text: 'Hola Ana, le llamo de Acme.', offsetSeconds: 0 },
    { speaker: 'customer', text: 'Sí, dígame.', offsetSeconds: 3.2, confidence: 0.94 },
    { speaker: 'bot', text: '¿Le interesa una cita?', offsetSeconds: 5.5, confidence: null },
  ];
}

export function onlyEvent(call: VoiceCall): DomainEvent {
  expect(call.pendingEvents).toHaveLength(1);
  return call.pendingEvents[0]!;
}

export function caught(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
