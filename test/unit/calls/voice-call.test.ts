import { BusinessRuleError, ValidationError } from '../../../seedwork/domain/index.js';
import type { TranscriptLineInput } from '../../../src/calls/domain/transcript.js';
import { VoiceCall } from '../../../src/calls/domain/voice-call.js';
import type { CallStatus } from '../../../src/calls/domain/voice-call-state.js';
import {
  aCallIn,
  aCallState,
  anInitiateInput,
  aTranscript,
  CALL_ID,
  caught,
  LATER,
  NOW,
  onlyEvent,
  RECORDING_DOMAINS,
  RECORDING_URL,
  STORED_VERSION,
} from './voice-call.mother.js';

const badFields = (action: () => void): string[] => {
  const error = caught(action);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors.map((e) => e.field).sort();
};

describe('VoiceCall.initiate', () => {
  it('starts a call in initiated, recording VoiceCallInitiated with the whole call', () => {
    const call = VoiceCall.initiate(anInitiateInput(), NOW, CALL_ID);

    expect(call.state).toEqual({
      id: CALL_ID,
      ...anInitiateInput(),
      status: 'initiated',
      durationSeconds: null,
      failureReason: null,
      recordingUrl: null,
      transcript: null,
      summary: null,
      outcome: null,
      startedAt: NOW,
      completedAt: null,
      updatedAt: NOW,
      version: 1,
    });
    expect(onlyEvent(call)).toMatchObject({
      eventType: 'VoiceCallInitiated',
      aggregateType: 'VoiceCall',
      aggregateId: CALL_ID,
      aggregateVersion: 1,
      brandId: 'acme',
      occurredAt: NOW,
      data: { id: CALL_ID, ...anInitiateInput(), status: 'initiated', startedAt: NOW.toISOString() },
    });
  });

  it('reports every bad field at once', () => {
    const input = anInitiateInput({ brandId: 'no spaces', campaignId: 'x', leadId: '', deliveryId: '1', deliveryAttempt: 0, phone: '3001234567', providerCallId: '  ' });
    expect(badFields(() => VoiceCall.initiate(input, NOW, 'not-a-uuid'))).toEqual(
      ['brandId', 'campaignId', 'deliveryAttempt', 'deliveryId', 'id', 'leadId', 'phone', 'providerCallId'],
    );
  });

  it('restores without recording, and hands out copies', () => {
    const call = aCallIn('completed', { transcript: [{ speaker: 'bot', text: 'Hola', offsetSeconds: 0, confidence: null }] });
    expect(call.pendingEvents).toHaveLength(0);
    expect(call.version).toBe(STORED_VERSION);
    const state = call.state;
    (state.transcript![0] as { text: string }).text = 'changed';
    state.startedAt.setTime(0);
    expect(call.state.transcript![0]!.text).toBe('Hola');
    expect(call.state.startedAt).toEqual(aCallState().startedAt);
  });
});

describe('VoiceCall.reportStatus input', () => {
  it('keeps no reason when it is blank, and no duration when the provider gave none', () => {
    const call = aCallIn('answered');
    call.reportStatus({ status: 'failed', reason: '   ' }, LATER);
    expect(call.state).toMatchObject({ status: 'failed', failureReason: null, durationSeconds: null, completedAt: LATER });
  });

  it.each([
    [{ status: 'hung_up' as CallStatus }, ['status']],
    [{ status: 'completed' as CallStatus, durationSeconds: -1 }, ['durationSeconds']],
    [{ status: 'completed' as CallStatus, durationSeconds: 1.5 }, ['durationSeconds']],
    [{ status: 'completed' as CallStatus, durationSeconds: 86_401 }, ['durationSeconds']],
    [{ status: 'failed' as CallStatus, reason: 'x'.repeat(501) }, ['reason']],
  ])('refuses %j even when it would be ignored', (report, fields) => {
    for (const status of ['initiated', 'completed'] as const) {
      const call = aCallIn(status);
      expect(badFields(() => call.reportStatus(report, LATER))).toEqual(fields);
      expect(call.pendingEvents).toHaveLength(0);
    }
  });
});

describe('VoiceCall.attachRecording', () => {
  it.each([
    RECORDING_URL,
    'https://twilio.com/recording.wav',
    'https://API.Twilio.COM/Recordings/RE1',
    'https://media.us1.twilio.com/r?x=1#t',
  ])('accepts %s', (url) => {
    const call = aCallIn('completed');
    call.attachRecording(url, RECORDING_DOMAINS, LATER);
    expect(call.state.recordingUrl).toBe(new URL(url).href);
    expect(onlyEvent(call).data).toEqual({ recordingUrl: new URL(url).href, previousRecordingUrl: null });
  });

  it.each([
    ['http://api.twilio.com/r.mp3', 'must use https'],
    ['https://api.twilio.com:8443/r.mp3', 'must use the default https port'],
    ['https://user:pass@api.twilio.com/r.mp3', 'must not carry credentials'],
    ['https://api.twilio.com@evil.example/r.mp3', 'must not carry credentials'],
    ['https://twilio.com.evil.example/r.mp3', "must be on the provider's domain (twilio.com)"],
    ['https://eviltwilio.com/r.mp3', "must be on the provider's domain (twilio.com)"],
    ['https://evil.example/?u=https://api.twilio.com/r.mp3', "must be on the provider's domain (twilio.com)"],
    ['https://127.0.0.1/r.mp3', "must be on the provider's domain (twilio.com)"],
    ['javascript:alert(1)', 'must use https'],
    ['/relative/r.mp3', 'must be an absolute URL'],
    [`https://api.twilio.com/${'a'.repeat(2048)}`, 'must be a URL of at most 2048 characters'],
  ])('refuses %s (%s)', (url, message) => {
    const call = aCallIn('completed');
    const error = caught(() => call.attachRecording(url, RECORDING_DOMAINS, LATER));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ field: 'recordingUrl', message }]);
    expect(call.state.recordingUrl).toBeNull();
  });

  it('refuses every URL when no provider domain is configured', () => {
    expect(badFields(() => aCallIn('completed').attachRecording(RECORDING_URL, [], LATER))).toEqual(['recordingUrl']);
  });

  it('treats a malformed allow-list as a configuration bug', () => {
    expect(() => aCallIn('completed').attachRecording(RECORDING_URL, ['https://twilio.com'], LATER)).toThrow(RangeError);
  });

  it('ignores the same URL again and records a different one as a replacement', () => {
    const call = aCallIn('completed', { recordingUrl: RECORDING_URL });
    call.attachRecording(RECORDING_URL, RECORDING_DOMAINS, LATER);
    expect(call.pendingEvents).toHaveLength(0);
    const second = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE789.mp3';
    call.attachRecording(second, RECORDING_DOMAINS, LATER);
    expect(onlyEvent(call).data).toEqual({ recordingUrl: second, previousRecordingUrl: RECORDING_URL });
  });
});

describe('VoiceCall.attachTranscript', () => {
  it('stores the lines, confidence defaulting to null', () => {
    const call = aCallIn('completed');
    call.attachTranscript(aTranscript(), LATER);
    const lines = [
      { speaker: 'bot', text: 'Hola Ana, le llamo de Acme.', offsetSeconds: 0, confidence: null },
      { speaker: 'customer', text: 'Sí, dígame.', offsetSeconds: 3.2, confidence: 0.94 },
      { speaker: 'bot', text: '¿Le interesa una cita?', offsetSeconds: 5.5, confidence: null },
    ];
    expect(call.state).toMatchObject({ transcript: lines, updatedAt: LATER });
    expect(onlyEvent(call)).toMatchObject({ eventType: 'VoiceCallTranscribed', data: { transcript: lines } });
  });

  it('accepts the same transcript again without recording, and refuses a different one (409)', () => {
    const call = aCallIn('completed');
    call.attachTranscript(aTranscript(), LATER);
    call.attachTranscript(aTranscript(), LATER);
    expect(call.pendingEvents).toHaveLength(1);
    const other = [{ speaker: 'bot', text: 'Otra cosa', offsetSeconds: 0 }];
    expect(caught(() => call.attachTranscript(other, LATER))).toBeInstanceOf(BusinessRuleError);
    expect(call.pendingEvents).toHaveLength(1);
  });

  it('recognises a stored transcript read back with its keys in another order (jsonb) as the same', () => {
    const stored = aTranscript().map(({ speaker, text, offsetSeconds, confidence }) => ({ confidence: confidence ?? null, offsetSeconds, text, speaker: speaker as 'bot' | 'customer' }));
    const call = aCallIn('completed', { transcript: stored });
    call.attachTranscript(aTranscript(), LATER);
    expect(call.pendingEvents).toHaveLength(0);
  });

  it('names every bad line field at once', () => {
    const lines = [
      { speaker: 'agent', text: 'Hola', offsetSeconds: 0 },
      { speaker: 'bot', text: '   ', offsetSeconds: 2 },
      { speaker: 'customer', text: 'ok', offsetSeconds: 1, confidence: 1.2 },
      { speaker: 'customer', text: 'ok', offsetSeconds: -1 },
      { speaker: 'customer', text: 'x'.repeat(5001), offsetSeconds: Number.NaN },
    ] as TranscriptLineInput[];
    expect(badFields(() => aCallIn('completed').attachTranscript(lines, LATER))).toEqual([
      'transcript[0].speaker',
      'transcript[1].text',
      'transcript[2].confidence',
      'transcript[2].offsetSeconds',
      'transcript[3].offsetSeconds',
      'transcript[4].offsetSeconds',
      'transcript[4].text',
    ]);
  });

  it.each([[[]], [Array.from({ length: 7201 }, (_, i) => ({ speaker: 'bot', text: 'a', offsetSeconds: i }))]])('refuses %# as a whole', (lines) => {
    expect(badFields(() => aCallIn('completed').attachTranscript(lines, LATER))).toEqual(['transcript']);
  });
});

describe('VoiceCall.summarize', () => {
  it('stores the summary and outcome, and its event carries the lead and campaign', () => {
    const call = aCallIn('completed');
    call.summarize({ summary: '  Interesada, cita el martes. ', outcome: { stageChange: 'meeting_scheduled', scoreDelta: -5 } }, LATER);
    const outcome = { stageChange: 'meeting_scheduled', scoreDelta: -5 };
    expect(call.state).toMatchObject({ summary: 'Interesada, cita el martes.', outcome });
    expect(onlyEvent(call)).toMatchObject({
      eventType: 'VoiceCallSummarized',
      data: { leadId: anInitiateInput().leadId, campaignId: anInitiateInput().campaignId, summary: 'Interesada, cita el martes.', outcome },
    });
  });

  it('takes a summary without an outcome as one that changes nothing on the lead', () => {
    const call = aCallIn('failed');
    call.summarize({ summary: 'Se cortó.' }, LATER);
    expect(call.state.outcome).toEqual({ stageChange: null, scoreDelta: null });
  });

  it('accepts the same summary again without recording, and refuses a different one rather than move the score twice', () => {
    const call = aCallIn('completed');
    const input = { summary: 'Interesada.', outcome: { scoreDelta: 10 } };
    call.summarize(input, LATER);
    call.summarize({ ...input, summary: ' Interesada. ' }, LATER);
    expect(call.pendingEvents).toHaveLength(1);
    expect(caught(() => call.summarize({ summary: 'Interesada.', outcome: { scoreDelta: 20 } }, LATER))).toBeInstanceOf(BusinessRuleError);
    expect(caught(() => call.summarize({ summary: 'Otra.', outcome: { scoreDelta: 10 } }, LATER))).toBeInstanceOf(BusinessRuleError);
    expect(call.state.outcome).toEqual({ stageChange: null, scoreDelta: 10 });
  });

  it.each([
    [{ summary: '  ' }, ['summary']],
    [{ summary: 'x'.repeat(10_001) }, ['summary']],
    [{ summary: 'ok', outcome: { stageChange: 'closed' } }, ['outcome.stageChange']],
    [{ summary: 'ok', outcome: { stageChange: 'toString' } }, ['outcome.stageChange']],
    [{ summary: 'ok', outcome: { scoreDelta: 101 } }, ['outcome.scoreDelta']],
    [{ summary: 'ok', outcome: { scoreDelta: 2.5 } }, ['outcome.scoreDelta']],
    [{ summary: '', outcome: { stageChange: 'nope', scoreDelta: -101 } }, ['outcome.scoreDelta', 'outcome.stageChange', 'summary']],
  ])('refuses %j', (input, fields) => {
    const call = aCallIn('completed');
    expect(badFields(() => call.summarize(input, LATER))).toEqual(fields);
    expect(call.pendingEvents).toHaveLength(0);
  });
});
