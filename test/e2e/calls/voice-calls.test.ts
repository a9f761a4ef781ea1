import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem, ISO_UTC } from '../../support/campaign-requests.js';
import { expectDocumented } from '../../support/lead-requests.js';
import { seedReachableLeads } from '../../support/lead-seeds.js';
import { placeCalls, reportCall } from '../../support/call-fixtures.js';
import type { CallStatus } from '../../../src/calls/domain/voice-call-state.js';

const A = 'vc-alpha';
const B = 'vc-beta';
const UNKNOWN = '0193aaaa-0000-7000-8000-00000000dead';

type Api = ReturnType<typeof client>;

const aTranscript = () => [
  { speaker: 'bot', text: 'Hola, le llamo de Acme.', offsetSeconds: 0 },
  { speaker: 'customer', text: 'Sí, dígame.', offsetSeconds: 2.5, confidence: 0.93 },
];

describe('voice calls', () => {
  let t: TestApp;
  let api: Api;
  let managerB: Api;
  let viewer: Api;
  let admin: Api;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [A]));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B]));
    viewer = client(t.baseUrl, await t.token('viewer', [A]));
    admin = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => { await t.close(); });

  /** One call of brand A, moved through `statuses`. */
  const aCall = async (...statuses: CallStatus[]) => {
    const { calls: [call] } = await placeCalls(t, api, A);
    await reportCall(t, call.providerCallId, ...statuses);
    return (await api('GET', `/api/v1/calls/${call.id}`)).body;
  };
  const eventsOf = async (aggregateId: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_version, payload, metadata FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [aggregateId])) as Array<{
      event_type: string; aggregate_version: number; payload: any; metadata: any;
    }>;

  describe('reading', () => {
    it('represents a call placed by dispatch, with its version as ETag', async () => {
      const { campaign, calls: [listed] } = await placeCalls(t, api, A);
      const res = await api('GET', `/api/v1/calls/${listed.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      const [delivery] = await t.dataSource.query(`SELECT id::text, lead_id::text, provider_ref FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
      const [lead] = await t.dataSource.query(`SELECT phone FROM leads WHERE id = $1`, [delivery.lead_id]);
      expect(res.body).toEqual({
        id: listed.id, brandId: A, campaignId: campaign.id, leadId: delivery.lead_id, deliveryId: delivery.id, deliveryAttempt: 1,
        phone: lead.phone, providerCallId: delivery.provider_ref, status: 'initiated', durationSeconds: null, failureReason: null,
        recordingUrl: null, transcript: null, summary: null, outcome: null, startedAt: expect.stringMatching(ISO_UTC), completedAt: null,
        version: 1, updatedAt: expect.stringMatching(ISO_UTC),
      });
      expect(listed).toEqual(res.body);
      expectDocumented('VoiceCall', res.body);
    });

    it('answers 404 for an unknown call, an id that is not a UUID and another brand\'s call; admins see every brand', async () => {
      const { calls: [theirs] } = await placeCalls(t, managerB, B);
      expectProblem(await api('GET', `/api/v1/calls/${UNKNOWN}`), 404);
      expectProblem(await api('GET', '/api/v1/calls/not-a-uuid'), 404);
      expectProblem(await api('GET', `/api/v1/calls/${theirs.id}`), 404);
      expect((await admin('GET', `/api/v1/calls/${theirs.id}`)).status).toBe(200);
      expect((await viewer('GET', `/api/v1/calls/${theirs.id}`)).status).toBe(404);
    });

    it('lists a campaign\'s calls newest first, page by page, filtered by status', async () => {
      const { campaign, calls } = await placeCalls(t, api, A, 3);
      await reportCall(t, calls[2].providerCallId, 'ringing', 'no_answer');
      expect(calls.map((c) => c.id)).toEqual(calls.map((c) => c.id).sort().reverse());
      const first = await viewer('GET', `/api/v1/campaigns/${campaign.id}/calls?limit=2`);
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([calls[0].id, calls[1].id]);
      const rest = await viewer('GET', `/api/v1/campaigns/${campaign.id}/calls?limit=2&cursor=${first.body.nextCursor}`);
      expect(rest.body).toEqual({ items: [expect.objectContaining({ id: calls[2].id, status: 'no_answer' })], nextCursor: null });
      expectDocumented('VoiceCallList', rest.body);
      const unanswered = await api('GET', `/api/v1/campaigns/${campaign.id}/calls?status=no_answer`);
      expect(unanswered.body.items.map((c: { id: string }) => c.id)).toEqual([calls[2].id]);
    });

    it('lists a lead\'s calls, and none for a lead never called', async () => {
      const { calls: [call] } = await placeCalls(t, api, A);
      expect((await viewer('GET', `/api/v1/leads/${call.leadId}/calls`)).body).toEqual({ items: [expect.objectContaining({ id: call.id })], nextCursor: null });
      const [quiet] = await seedReachableLeads(t.dataSource, A, 1);
      expect((await api('GET', `/api/v1/leads/${quiet}/calls`)).body).toEqual({ items: [], nextCursor: null });
    });

    it('answers 404 for the calls of an unknown or another brand\'s campaign or lead', async () => {
      const { campaign, calls: [theirs] } = await placeCalls(t, managerB, B);
      for (const path of [`/campaigns/${campaign.id}/calls`, `/leads/${theirs.leadId}/calls`, `/campaigns/${UNKNOWN}/calls`, `/leads/${UNKNOWN}/calls`, '/leads/x/calls']) {
        expectProblem(await api('GET', `/api/v1${path}`), 404);
      }
      expect((await managerB('GET', `/api/v1/leads/${theirs.leadId}/calls`)).body.items).toHaveLength(1);
    });

    it('answers 400 naming every bad query parameter', async () => {
      const { campaign } = await placeCalls(t, api, A);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${campaign.id}/calls?status=ringing_twice&limit=0&cursor=nope&sort=id`), ['status', 'limit', 'cursor', 'sort']);
    });
  });

  describe('transcript', () => {
    it('is attached once the call is over, recording VoiceCallTranscribed; the same one again changes nothing', async () => {
      const call = await aCall('answered', 'completed');
      const res = await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: aTranscript() }, { 'If-Match': `"${call.version}"` });
      expect(res.status).toBe(200);
      // A line sent without confidence has none.
      const [botLine, customerLine] = aTranscript();
      expect(res.body).toEqual({ ...call, transcript: [{ ...botLine, confidence: null }, customerLine], version: call.version + 1, updatedAt: expect.any(String) });
      expect(res.headers.get('etag')).toBe(`"${call.version + 1}"`);
      const again = await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: aTranscript() });
      expect(again.body.version).toBe(call.version + 1);
      expect((await eventsOf(call.id)).map((e) => e.event_type)).toEqual(['VoiceCallInitiated', 'VoiceCallAnswered', 'VoiceCallCompleted', 'VoiceCallTranscribed']);
      expectProblem(await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: [{ speaker: 'bot', text: 'Otra cosa', offsetSeconds: 0 }] }), 409, /different transcript/);
    });

    it('answers 409 while the call has not ended, and for a call that never connected', async () => {
      const ringing = await aCall('ringing');
      expectProblem(await api('POST', `/api/v1/calls/${ringing.id}/transcript`, { transcript: aTranscript() }), 409, /'ringing': it has not ended/);
      const busy = await aCall('busy');
      expectProblem(await api('POST', `/api/v1/calls/${busy.id}/transcript`, { transcript: aTranscript() }), 409, /never connected/);
    });

    it('answers 400 naming every bad line field, unknown ones included', async () => {
      const call = await aCall('completed');
      const lines = [{ speaker: 'agent', text: ' ', offsetSeconds: 3, volume: 7 }, { speaker: 'bot', text: 'ok', offsetSeconds: 1, confidence: 2 }];
      expectFieldErrors(await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: lines }), [
        'transcript[0].speaker', 'transcript[0].text', 'transcript[0].volume', 'transcript[1].offsetSeconds', 'transcript[1].confidence',
      ]);
      expectFieldErrors(await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: 'hello', extra: 1 }), ['transcript', 'extra']);
      expectFieldErrors(await api('POST', `/api/v1/calls/${call.id}/transcript`, { transcript: [] }), ['transcript']);
    });

    it('is refused to viewers (403), on a stale If-Match (412) and for another brand\'s call (404), and replays an Idempotency-Key', async () => {
      const call = await aCall('completed');
      const body = { transcript: aTranscript() };
      expectProblem(await viewer('POST', `/api/v1/calls/${call.id}/transcript`, body), 403);
      expectProblem(await api('POST', `/api/v1/calls/${call.id}/transcript`, body, { 'If-Match': '"1"' }), 412);
      expectProblem(await managerB('POST', `/api/v1/calls/${call.id}/transcript`, body), 404);
      const first = await api('POST', `/api/v1/calls/${call.id}/transcript`, body, { 'Idempotency-Key': 'transcript-1' });
      const replay = await api('POST', `/api/v1/calls/${call.id}/transcript`, body, { 'Idempotency-Key': 'transcript-1' });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
    });
  });

  describe('summary', () => {
    const leadOf = async (id: string) => (await api('GET', `/api/v1/leads/${id}`)).body;

    it('moves the lead\'s stage and score through its own commands, in the summary\'s transaction', async () => {
      const call = await aCall('answered', 'completed');
      const summary = { summary: 'Wants a meeting next week.', outcome: { stageChange: 'meeting_scheduled', scoreDelta: 15 } };
      const res = await api('POST', `/api/v1/calls/${call.id}/summary`, summary, { 'X-Correlation-Id': 'summary-1' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ summary: summary.summary, outcome: summary.outcome, version: call.version + 1 }));
      expect(await leadOf(call.leadId)).toEqual(expect.objectContaining({ stage: 'meeting_scheduled', score: 15, version: 3 }));

      const [summarized] = (await eventsOf(call.id)).filter((e) => e.event_type === 'VoiceCallSummarized');
      expect(summarized!.payload).toEqual({ leadId: call.leadId, campaignId: call.campaignId, summary: summary.summary, outcome: summary.outcome });
      // The lead was seeded with SQL: these are its only events.
      const leadEvents = await eventsOf(call.leadId);
      expect(leadEvents.map((e) => [e.event_type, e.payload])).toEqual([
        ['LeadStageChanged', { from: 'new', to: 'meeting_scheduled', reason: `Outcome of voice call ${call.id}` }],
        ['LeadScoreChanged', { from: 0, to: 15, delta: 15 }],
      ]);
      for (const e of [summarized!, ...leadEvents]) expect(e.metadata).toEqual(expect.objectContaining({ correlationId: 'summary-1', actor: { sub: 'user-brand_manager', role: 'brand_manager' } }));

      // A retried request moves the lead no further; a different summary is a conflict.
      expect((await api('POST', `/api/v1/calls/${call.id}/summary`, summary)).body.version).toBe(call.version + 1);
      expect((await leadOf(call.leadId)).version).toBe(3);
      expectProblem(await api('POST', `/api/v1/calls/${call.id}/summary`, { ...summary, outcome: { scoreDelta: 30 } }), 409, /different summary/);
    });

    it('leaves a stage the lead is already in, and stops the score at 100', async () => {
      const call = await aCall('answered', 'failed');
      await api('POST', `/api/v1/leads/${call.leadId}/stage`, { stage: 'follow_up' });
      await api('POST', `/api/v1/leads/${call.leadId}/score`, { score: 95 });
      const res = await api('POST', `/api/v1/calls/${call.id}/summary`, { summary: 'Dropped, but keen.', outcome: { stageChange: 'follow_up', scoreDelta: 10 } });
      expect(res.body.outcome).toEqual({ stageChange: 'follow_up', scoreDelta: 10 });
      expect(await leadOf(call.leadId)).toEqual(expect.objectContaining({ stage: 'follow_up', score: 100, version: 4 }));
      expect((await eventsOf(call.leadId)).at(-1)).toEqual(expect.objectContaining({ event_type: 'LeadScoreChanged', payload: { from: 95, to: 100, delta: 5 } }));
    });

    it('changes no lead without an outcome', async () => {
      const call = await aCall('completed');
      expect((await api('POST', `/api/v1/calls/${call.id}/summary`, { summary: 'Not interested right now.', outcome: null })).body.outcome).toEqual({ stageChange: null, scoreDelta: null });
      expect((await leadOf(call.leadId)).version).toBe(1);
    });

    it('stores nothing when the lead cannot be moved: summary and lead change commit together', async () => {
      const call = await aCall('completed');
      // The lead left the caller's brands meanwhile, so reading it answers 404.
      await t.dataSource.query(`UPDATE leads SET brand_id = $2 WHERE id = $1`, [call.leadId, B]);
      expectProblem(await api('POST', `/api/v1/calls/${call.id}/summary`, { summary: 'Interested.', outcome: { scoreDelta: 5 } }), 404);
      expect((await api('GET', `/api/v1/calls/${call.id}`)).body).toEqual(expect.objectContaining({ summary: null, version: call.version }));
    });

    it('answers 400 naming every bad field, shape and values together', async () => {
      const call = await aCall('completed');
      expectFieldErrors(await api('POST', `/api/v1/calls/${call.id}/summary`, { summary: '  ', outcome: { stageChange: 'closed', scoreDelta: 1.5, mood: 'happy' } }), [
        'summary', 'outcome.stageChange', 'outcome.scoreDelta', 'outcome.mood',
      ]);
      expectFieldErrors(await api('POST', `/api/v1/calls/${call.id}/summary`, { outcome: { scoreDelta: 500 } }), ['summary', 'outcome.scoreDelta']);
    });

    it('is refused before the call ended (409), to viewers (403) and for another brand\'s call (404)', async () => {
      const call = await aCall('answered');
      const body = { summary: 'Hung up?' };
      expectProblem(await api('POST', `/api/v1/calls/${call.id}/summary`, body), 409, /'answered'/);
      expectProblem(await viewer('POST', `/api/v1/calls/${call.id}/summary`, body), 403);
      expectProblem(await managerB('POST', `/api/v1/calls/${call.id}/summary`, body), 404);
      expectProblem(await api('POST', `/api/v1/calls/${UNKNOWN}/summary`, body), 404);
    });
  });
});
