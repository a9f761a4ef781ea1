import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { createProviderCallbackProcessor } from '../../../src/dispatch/index.js';
import { CALLBACK_GIVE_UP_MS } from '../../../src/dispatch/domain/callback-retry.js';
import { createCampaignIn, expectProblem } from '../../support/campaign-requests.js';
import type { FakeTwilio } from '../../support/fake-twilio.js';
import { startAppOnFakeTwilio, type TwilioApp } from '../../support/twilio-app.js';
import {
  aCallStatus, statusCallbackOf, TWILIO_ACCOUNT_SID, twilioCallback, unsignedTwilioCallback,
} from '../../support/provider-webhooks.js';
import type { client, TestApp } from '../../support/test-app.js';

// Calls placed through Twilio (a local fake of its REST API), then moved by Twilio's signed status
// callbacks as the worker applies them.

const A = 'cb-alpha';
const B = 'cb-beta';
const SETTINGS = { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 };
const RECORDING = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Recordings/RE0123456789abcdef0123456789abcdef`;

describe('call status callbacks', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let api: ReturnType<typeof client>;
  let twilio: ReturnType<typeof client>;
  let app: TwilioApp;

  beforeAll(async () => {
    app = await startAppOnFakeTwilio(A, 'call');
    ({ t, fake, api, twilio } = app);
  });
  afterAll(() => app.close());

  /** A call placed through Twilio; `report` posts one of its status callbacks, signed, to the URL the service gave Twilio. */
  const aTwilioCall = async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: A, channel: 'call' });
    await createDispatchWorker(t.app.container, { settings: SETTINGS }).runOnce();
    const [call] = (await api('GET', `/api/v1/campaigns/${campaign.id}/calls`)).body.items;
    const path = statusCallbackOf(fake, call.phone);
    const report = (CallStatus: string, SequenceNumber: string, extra: Record<string, string> = {}) => {
      const signed = twilioCallback(path, aCallStatus({ CallSid: call.providerCallId, To: call.phone, CallStatus, SequenceNumber, ...extra }));
      return twilio('POST', path, signed.body, signed.headers);
    };
    return { call, path, report };
  };
  const applyCallbacks = () => createProviderCallbackProcessor(t.app.container).runOnce();
  const read = async (id: string) => (await api('GET', `/api/v1/calls/${id}`)).body;
  const trail = async (id: string) =>
    (await t.dataSource.query(`SELECT event_type FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])).map((e: { event_type: string }) => e.event_type);
  const results = async (ref: string) =>
    (await t.dataSource.query(`SELECT status, result FROM provider_callbacks WHERE provider_ref = $1 ORDER BY (event->>'sequenceNumber')::int`, [ref]));

  it('moves the call forward as the worker applies each signed callback', async () => {
    const { call, report } = await aTwilioCall();
    expect(call.providerCallId).toMatch(/^CA[0-9a-f]{32}$/);
    expect((await report('ringing', '1')).status).toBe(204);
    expect((await read(call.id)).status).toBe('initiated');
    await applyCallbacks();
    expect((await read(call.id)).status).toBe('ringing');
    await report('in-progress', '2');
    await report('completed', '3', { CallDuration: '42' });
    await applyCallbacks();
    expect(await read(call.id)).toEqual(expect.objectContaining({ status: 'completed', durationSeconds: 42, completedAt: expect.any(String), version: 4 }));
    expect(await trail(call.id)).toEqual(['VoiceCallInitiated', 'VoiceCallRinging', 'VoiceCallAnswered', 'VoiceCallCompleted']);
  });

  it('applies reports that arrived out of order in the provider\'s order, and each duplicate once', async () => {
    const { call, report } = await aTwilioCall();
    for (const [status, sequence] of [['completed', '3'], ['ringing', '1'], ['completed', '3'], ['in-progress', '2'], ['ringing', '1']] as const) {
      expect((await report(status, sequence, status === 'completed' ? { CallDuration: '7' } : {})).status).toBe(204);
    }
    await applyCallbacks();
    expect(await trail(call.id)).toEqual(['VoiceCallInitiated', 'VoiceCallRinging', 'VoiceCallAnswered', 'VoiceCallCompleted']);
    expect(await results(call.providerCallId)).toEqual([
      { status: 'ringing', result: 'applied' }, { status: 'answered', result: 'applied' }, { status: 'completed', result: 'applied' },
    ]);
  });

  it('ignores a report that comes after a later one was applied, or after the call ended', async () => {
    const { call, report } = await aTwilioCall();
    await report('in-progress', '2');
    await applyCallbacks();
    await report('ringing', '1');
    await report('completed', '3', { CallDuration: '30' });
    await report('busy', '4');
    await applyCallbacks();
    expect(await read(call.id)).toEqual(expect.objectContaining({ status: 'completed', durationSeconds: 30, version: 3 }));
    expect(await results(call.providerCallId)).toEqual([
      { status: 'ringing', result: 'ignored' }, { status: 'answered', result: 'applied' }, { status: 'completed', result: 'applied' }, { status: 'busy', result: 'ignored' },
    ]);
  });

  it('stores a recording only as an https URL on Twilio\'s domain', async () => {
    const kept = await aTwilioCall();
    await kept.report('completed', '1', { CallDuration: '12', RecordingUrl: RECORDING });
    const refused = await aTwilioCall();
    await refused.report('completed', '1', { CallDuration: '12', RecordingUrl: 'https://api.twilio.com.evil.example/rec.mp3' });
    const plain = await aTwilioCall();
    await plain.report('completed', '1', { CallDuration: '12', RecordingUrl: RECORDING.replace('https:', 'http:') });
    await applyCallbacks();
    expect(await read(kept.call.id)).toEqual(expect.objectContaining({ status: 'completed', recordingUrl: RECORDING }));
    expect(await trail(kept.call.id)).toEqual(['VoiceCallInitiated', 'VoiceCallCompleted', 'VoiceCallRecorded']);
    // The status still counts; only the URL is left out.
    for (const { call } of [refused, plain]) expect(await read(call.id)).toEqual(expect.objectContaining({ status: 'completed', recordingUrl: null }));
  });

  it('changes nothing for an unsigned callback (403)', async () => {
    const { call, path } = await aTwilioCall();
    const unsigned = unsignedTwilioCallback(aCallStatus({ CallSid: call.providerCallId, CallStatus: 'completed', RecordingUrl: RECORDING }));
    expectProblem(await twilio('POST', path, unsigned.body, unsigned.headers), 403);
    await applyCallbacks();
    expect(await read(call.id)).toEqual(expect.objectContaining({ status: 'initiated', recordingUrl: null }));
  });

  it('does not move a call from a callback made for another brand', async () => {
    const { call, path } = await aTwilioCall();
    const foreign = path.replace(`brandId=${A}`, `brandId=${B}`);
    const signed = twilioCallback(foreign, aCallStatus({ CallSid: call.providerCallId, CallStatus: 'completed' }));
    expect((await twilio('POST', foreign, signed.body, signed.headers)).status).toBe(204);
    await applyCallbacks();
    expect((await read(call.id)).status).toBe('initiated');
    expect(await results(call.providerCallId)).toEqual([{ status: 'completed', result: null }]);
  });

  it('tries a callback for an unknown call again for a while, then settles it unmatched', async () => {
    const path = `/webhooks/twilio/call-status?brandId=${A}`;
    const signed = twilioCallback(path, aCallStatus({ CallSid: 'CA-never-placed', CallStatus: 'ringing' }));
    expect((await twilio('POST', path, signed.body, signed.headers)).status).toBe(204);
    await applyCallbacks();
    const [waiting] = await t.dataSource.query(`SELECT attempts, retry_at, processed_at, result FROM provider_callbacks WHERE provider_ref = 'CA-never-placed'`);
    expect(waiting).toEqual({ attempts: 1, retry_at: new Date(t.clock.now().getTime() + 1_000), processed_at: null, result: null });
    t.clock.advance(CALLBACK_GIVE_UP_MS);
    await applyCallbacks();
    const [settled] = await t.dataSource.query(`SELECT attempts, processed_at, result FROM provider_callbacks WHERE provider_ref = 'CA-never-placed'`);
    expect(settled).toEqual({ attempts: 2, processed_at: t.clock.now(), result: 'unmatched' });
  });
});
