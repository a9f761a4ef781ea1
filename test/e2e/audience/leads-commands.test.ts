import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';
import { createLead, expectDocumented } from '../../support/lead-requests.js';

const BRAND = 'lp-brand';
const ALL = ['call', 'whatsapp', 'telegram', 'email', 'sms'];

describe('lead actions: stage, score, assign, opt-out, opt-in', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const post = (id: string, action: string, body?: unknown, headers?: Record<string, string>) => api('POST', `/api/v1/leads/${id}/${action}`, body, headers);
  const newLead = (overrides = {}) => createLead(api, { brandId: BRAND, ...overrides });

  describe('POST /leads/{id}/stage', () => {
    it('moves the lead, stamps stageEnteredAt, and answers the lead with its new ETag', async () => {
      const lead = await newLead();
      t.clock.advance(3_600_000);
      const res = await post(lead.id, 'stage', { stage: 'meeting_scheduled', reason: 'booked for Friday' });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      expect(res.body).toMatchObject({ stage: 'meeting_scheduled', stageEnteredAt: t.clock.now().toISOString(), updatedAt: t.clock.now().toISOString(), version: 2 });
      expectDocumented('Lead', res.body);
    });

    it('answers 409 naming the stage when the lead is already in it', async () => {
      const lead = await newLead();
      const problem = expectProblem(await post(lead.id, 'stage', { stage: 'new' }), 409);
      expect(problem.detail).toBe("Cannot move the lead to stage 'new': its stage is already 'new'");
    });

    it('reopens a won or lost lead only with a reason', async () => {
      const lead = await newLead({ stage: 'lost' });
      const errors = expectFieldErrors(await post(lead.id, 'stage', { stage: 'follow_up' }), ['reason']);
      expect(errors[0]!.message).toMatch(/required to reopen a lead whose stage is 'lost'/);
      expect((await post(lead.id, 'stage', { stage: 'follow_up', reason: 'came back asking for a quote' })).body.stage).toBe('follow_up');
    });

    it('validates the body', async () => {
      const lead = await newLead();
      expectFieldErrors(await post(lead.id, 'stage', { stage: 'closed' }), ['stage']);
      expectFieldErrors(await post(lead.id, 'stage', {}), ['stage']);
      expectFieldErrors(await post(lead.id, 'stage', { stage: 'won', note: 'x' }), ['note']);
      expectFieldErrors(await post(lead.id, 'stage', { stage: 'won', reason: 'x'.repeat(501) }), ['reason']);
    });
  });

  describe('POST /leads/{id}/score', () => {
    it('sets the score, or moves it by a delta', async () => {
      const lead = await newLead({ score: 40 });
      expect((await post(lead.id, 'score', { score: 70 })).body).toMatchObject({ score: 70, version: 2 });
      expect((await post(lead.id, 'score', { delta: -25 })).body).toMatchObject({ score: 45, version: 3 });
      expect((await post(lead.id, 'score', { delta: 55 })).body).toMatchObject({ score: 100, version: 4 });
    });

    it('changes nothing for the current score or a delta of 0', async () => {
      const lead = await newLead({ score: 40 });
      expect((await post(lead.id, 'score', { score: 40 })).body).toEqual(lead);
      const res = await post(lead.id, 'score', { delta: 0 });
      expect(res.headers.get('etag')).toBe('"1"');
    });

    it('answers 400 naming the field for a value outside 0..100 (never clamps)', async () => {
      const lead = await newLead({ score: 90 });
      expectFieldErrors(await post(lead.id, 'score', { score: 101 }), ['score']);
      expectFieldErrors(await post(lead.id, 'score', { score: -1 }), ['score']);
      const errors = expectFieldErrors(await post(lead.id, 'score', { delta: 20 }), ['delta']);
      expect(errors[0]!.message).toMatch(/from 90 to 110/);
      expect((await api('GET', `/api/v1/leads/${lead.id}`)).body.score).toBe(90);
    });

    it('needs exactly one of score and delta, as integers', async () => {
      const lead = await newLead();
      expectFieldErrors(await post(lead.id, 'score', {}), ['score']);
      expectFieldErrors(await post(lead.id, 'score', { score: 10, delta: 5 }), ['delta']);
      expectFieldErrors(await post(lead.id, 'score', { score: 10.5 }), ['score']);
      expectFieldErrors(await post(lead.id, 'score', { delta: '5' }), ['delta']);
      expectFieldErrors(await post(lead.id, 'score', { score: null }), ['score']);
    });
  });

  describe('POST /leads/{id}/assign', () => {
    it('assigns, reassigns and unassigns', async () => {
      const lead = await newLead();
      expect((await post(lead.id, 'assign', { assignedTo: 'agent-7' })).body).toMatchObject({ assignedTo: 'agent-7', version: 2 });
      expect((await post(lead.id, 'assign', { assignedTo: 'agent-7' })).body.version).toBe(2);
      expect((await post(lead.id, 'assign', { assignedTo: 'agent-9' })).body).toMatchObject({ assignedTo: 'agent-9', version: 3 });
      expect((await post(lead.id, 'assign', { assignedTo: null })).body).toMatchObject({ assignedTo: null, version: 4 });
    });

    it('needs assignedTo, a user id or null', async () => {
      const lead = await newLead();
      expectFieldErrors(await post(lead.id, 'assign', {}), ['assignedTo']);
      expectFieldErrors(await post(lead.id, 'assign', { assignedTo: 7 }), ['assignedTo']);
      expectFieldErrors(await post(lead.id, 'assign', { assignedTo: '   ' }), ['assignedTo']);
      expectFieldErrors(await post(lead.id, 'assign', { assignedTo: 'a', team: 'b' }), ['team']);
    });
  });

  describe('POST /leads/{id}/opt-out and /opt-in', () => {
    it('opts out of every channel without a body: do not contact', async () => {
      const lead = await newLead();
      t.clock.advance(1000);
      const res = await post(lead.id, 'opt-out');
      expect(res.status).toBe(200);
      expect(res.body.consent).toEqual({ doNotContact: true, optedOutChannels: ALL, reason: null, updatedAt: t.clock.now().toISOString() });
      expectDocumented('Lead', res.body);
    });

    it('opts out of named channels with a reason, then back in to one', async () => {
      const lead = await newLead();
      const out = await post(lead.id, 'opt-out', { channels: ['sms', 'whatsapp'], reason: 'STOP' });
      expect(out.body.consent).toMatchObject({ doNotContact: false, optedOutChannels: ['whatsapp', 'sms'], reason: 'STOP' });
      const back = await post(lead.id, 'opt-in', { channels: ['sms'], reason: 'asked again' });
      expect(back.body.consent).toMatchObject({ doNotContact: false, optedOutChannels: ['whatsapp'], reason: 'asked again' });
      expect(back.body.version).toBe(3);
    });

    it('opting in to one channel of a do-not-contact lead keeps the others out; opting in with {} clears all', async () => {
      const lead = await newLead();
      await post(lead.id, 'opt-out', {});
      expect((await post(lead.id, 'opt-in', { channels: ['email'] })).body.consent).toMatchObject({ doNotContact: false, optedOutChannels: ['call', 'whatsapp', 'telegram', 'sms'] });
      expect((await post(lead.id, 'opt-in', {})).body.consent).toMatchObject({ doNotContact: false, optedOutChannels: [] });
    });

    it('a repeated opt-out changes nothing (same version)', async () => {
      const lead = await newLead();
      expect((await post(lead.id, 'opt-out', { channels: ['sms'] })).body.version).toBe(2);
      expect((await post(lead.id, 'opt-out', { channels: ['sms'], reason: 'STOP again' })).body).toMatchObject({ version: 2, consent: { reason: null } });
      expect((await post(lead.id, 'opt-in', { channels: ['call'] })).body.version).toBe(2);
    });

    it('validates channels and reason', async () => {
      const lead = await newLead();
      expectFieldErrors(await post(lead.id, 'opt-out', { channels: [] }), ['channels']);
      expectFieldErrors(await post(lead.id, 'opt-out', { channels: ['fax'] }), ['channels']);
      expectFieldErrors(await post(lead.id, 'opt-out', { channels: 'sms' }), ['channels']);
      expectFieldErrors(await post(lead.id, 'opt-in', { channels: null }), ['channels']);
      expectFieldErrors(await post(lead.id, 'opt-out', { reason: 'x'.repeat(501), doNotContact: true }), ['reason', 'doNotContact']);
      expect((await api('GET', `/api/v1/leads/${lead.id}`)).body.version).toBe(1);
    });
  });

  describe('every action', () => {
    const ACTIONS: Array<[string, unknown]> = [
      ['stage', { stage: 'profiling' }],
      ['score', { delta: 1 }],
      ['assign', { assignedTo: 'agent-1' }],
      ['opt-out', { channels: ['sms'] }],
      ['opt-in', { channels: ['sms'] }],
    ];

    it.each(ACTIONS)('%s honours If-Match: 412 when stale, applied when current', async (action, body) => {
      const lead = await newLead();
      if (action === 'opt-in') await post(lead.id, 'opt-out', { channels: ['sms'] });
      const version = (await api('GET', `/api/v1/leads/${lead.id}`)).body.version as number;
      expectProblem(await post(lead.id, action, body, { 'If-Match': `"${version + 5}"` }), 412);
      const ok = await post(lead.id, action, body, { 'If-Match': `"${version}"` });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(version + 1);
    });

    it.each(ACTIONS)('%s answers 404 for an unknown lead and an id that is not a UUID', async (action, body) => {
      expectProblem(await post('0193aaaa-0000-7000-8000-000000000000', action, body), 404);
      expectProblem(await post('nope', action, body), 404);
    });

    it.each(ACTIONS)('%s with an Idempotency-Key replays the first answer and acts once', async (action, body) => {
      const lead = await newLead();
      if (action === 'opt-in') await post(lead.id, 'opt-out', { channels: ['sms'] });
      const key = `idem-${action}-${lead.id}`;
      const first = await post(lead.id, action, body, { 'Idempotency-Key': key });
      const again = await post(lead.id, action, body, { 'Idempotency-Key': key });
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await api('GET', `/api/v1/leads/${lead.id}`)).body.version).toBe(first.body.version);
      expectProblem(await post(lead.id, action, { nope: true }, { 'Idempotency-Key': key }), 422);
    });
  });

  it('concurrent score deltas are all applied (no lost update)', async () => {
    const lead = await newLead({ score: 0 });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(lead.id, 'score', { delta: 3 })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await api('GET', `/api/v1/leads/${lead.id}`)).body).toMatchObject({ score: 30, version: 11 });
  });
});
