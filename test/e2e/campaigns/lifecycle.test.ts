import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import {
  aCampaign, aSchedule, createCampaignIn, expectFieldErrors, expectProblem, giveAudience, minutesAfter, type CampaignStatusName,
} from '../../support/campaign-requests.js';
import { seedReachableLeads } from '../../support/lead-seeds.js';

const BRAND = 'lc-brand';

type Api = ReturnType<typeof client>;

/** The lifecycle table of API.md, written out independently of the production code. */
const ALLOWED: Record<string, CampaignStatusName[]> = {
  update: ['draft', 'scheduled', 'paused'],
  delete: ['draft'],
  schedule: ['draft', 'scheduled'],
  activate: ['draft', 'scheduled'],
  pause: ['active'],
  resume: ['paused'],
  finish: ['active', 'paused'],
  cancel: ['draft', 'scheduled', 'active', 'paused'],
  metrics: ['active', 'paused', 'finished'],
  audience: ['draft', 'scheduled', 'active', 'paused'],
};
/** Status after a successful action (`null`: unchanged; delete removes the campaign). */
const RESULT: Record<string, CampaignStatusName | null> = {
  update: null, delete: null, schedule: 'scheduled', activate: 'active', pause: 'paused', resume: 'active',
  finish: 'finished', cancel: 'cancelled', metrics: null, audience: null,
};
/** How the 409 detail names each action. */
const ACTION_WORD: Record<string, RegExp> = {
  update: /update/i, delete: /delete/i, schedule: /schedule/i, activate: /activate/i, pause: /pause/i,
  resume: /resume/i, finish: /finish/i, cancel: /cancel/i, metrics: /metrics/i, audience: /audience/i,
};
const STATUSES: CampaignStatusName[] = ['draft', 'scheduled', 'active', 'paused', 'finished', 'cancelled'];

/** `leadId`: a lead of the brand that is not a member yet, for the audience action. */
function perform(api: Api, action: string, id: string, now: Date, leadId = '0193aaaa-0000-7000-8000-00000000beef') {
  const path = `/api/v1/campaigns/${id}`;
  switch (action) {
    case 'audience': return api('POST', `${path}/audience`, { leadIds: [leadId] });
    case 'update': return api('PATCH', path, { description: 'changed by the matrix' });
    case 'delete': return api('DELETE', path);
    case 'schedule': return api('POST', `${path}/schedule`, aSchedule(now, 30, 90));
    case 'metrics': return api('POST', `${path}/metrics`, { salesCount: { increment: 1 } });
    default: return api('POST', `${path}/${action}`);
  }
}

describe('campaign lifecycle through the API', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  it('walks draft → scheduled → active → paused → active → finished, one version per step', async () => {
    const now = t.clock.now();
    const created = await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }));
    const path = `/api/v1/campaigns/${created.body.id}`;
    const schedule = aSchedule(now, 60, 120);
    await giveAudience(t, api, created.body.id, BRAND);

    const steps: Array<[string, unknown, string]> = [
      ['schedule', schedule, 'scheduled'],
      ['activate', undefined, 'active'],
      ['pause', { reason: 'waiting for stock' }, 'paused'],
      ['resume', undefined, 'active'],
      ['finish', undefined, 'finished'],
    ];
    let version = 2;
    for (const [action, body, status] of steps) {
      t.clock.advance(1000);
      const res = await api('POST', `${path}/${action}`, body);
      expect({ action, status: res.status }).toEqual({ action, status: 200 });
      version++;
      expect(res.body).toMatchObject({ id: created.body.id, status, version, updatedAt: t.clock.now().toISOString(), createdAt: created.body.createdAt });
      expect(res.headers.get('etag')).toBe(`"${version}"`);
      const read = await api('GET', path);
      expect(read.body).toEqual(res.body);
    }
    const final = await api('GET', path);
    expect(final.body.schedule).toEqual(schedule);

    const events = await api('GET', `${path}/events`);
    expect(events.body.items.map((e: { eventType: string }) => e.eventType)).toEqual([
      'CampaignCreated', 'CampaignAudienceAdded', 'CampaignScheduled', 'CampaignActivated', 'CampaignPaused', 'CampaignResumed', 'CampaignFinished',
    ]);
  });

  describe('activate with an empty audience', () => {
    it.each(['draft', 'scheduled'] as const)('answers 409 from %s, naming the status and the action, and changes nothing', async (status) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: BRAND }, { audience: 0 });
      expect(campaign.metrics).toMatchObject({ totalContacts: 0, pending: 0 });
      const problem = expectProblem(await api('POST', `/api/v1/campaigns/${campaign.id}/activate`), 409);
      expect(problem.detail).toContain(`'${status}'`);
      expect(problem.detail).toMatch(/activate/);
      expect(problem.detail).toMatch(/audience is empty/);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toEqual(campaign);
      // Once it has a member, the same request succeeds.
      await giveAudience(t, api, campaign.id, BRAND);
      expect((await api('POST', `/api/v1/campaigns/${campaign.id}/activate`)).body).toMatchObject({ status: 'active', metrics: { totalContacts: 1, pending: 1 } });
    });

    it('answers 409 again once the only member was removed', async () => {
      const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND });
      const [member] = (await api('GET', `/api/v1/campaigns/${campaign.id}/audience`)).body.items;
      expect((await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${member.leadId}`)).status).toBe(204);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.metrics).toMatchObject({ totalContacts: 0, pending: 0 });
      expectProblem(await api('POST', `/api/v1/campaigns/${campaign.id}/activate`), 409, /audience is empty/);
    });
  });

  describe('schedule', () => {
    let id: string;
    beforeEach(async () => {
      id = (await api('POST', '/api/v1/campaigns', aCampaign({ brandId: BRAND }))).body.id;
    });
    const schedule = (body: unknown) => api('POST', `/api/v1/campaigns/${id}/schedule`, body);
    const unchanged = async () => {
      const read = await api('GET', `/api/v1/campaigns/${id}`);
      expect(read.body).toMatchObject({ status: 'draft', schedule: null, version: 1 });
    };

    it('sets startAt/endAt and moves to scheduled; endAt is optional', async () => {
      const now = t.clock.now();
      const res = await schedule({ startAt: minutesAfter(now, 5) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'scheduled', schedule: { startAt: minutesAfter(now, 5), endAt: null }, version: 2 });
    });

    it('rejects a startAt in the past, or exactly now, with 400 naming startAt', async () => {
      const now = t.clock.now();
      expectFieldErrors(await schedule({ startAt: minutesAfter(now, -1) }), ['startAt']);
      expectFieldErrors(await schedule({ startAt: now.toISOString() }), ['startAt']);
      await unchanged();
    });

    it('rejects an endAt before or equal to startAt with 400 naming endAt', async () => {
      const now = t.clock.now();
      expectFieldErrors(await schedule(aSchedule(now, 120, 60)), ['endAt']);
      expectFieldErrors(await schedule(aSchedule(now, 120, 120)), ['endAt']);
      await unchanged();
    });

    it('reports both bad instants at once', async () => {
      const now = t.clock.now();
      const res = await schedule({ startAt: minutesAfter(now, -60), endAt: minutesAfter(now, -120) });
      expectFieldErrors(res, ['startAt', 'endAt']);
    });

    it('rejects a missing or malformed startAt, a bad endAt and unknown fields with 400', async () => {
      const now = t.clock.now();
      expectFieldErrors(await schedule({}), ['startAt']);
      expectFieldErrors(await schedule({ startAt: 'tomorrow' }), ['startAt']);
      // A timestamp without a zone is ambiguous.
      expectFieldErrors(await schedule({ startAt: minutesAfter(now, 60).replace('Z', '') }), ['startAt']);
      expectFieldErrors(await schedule({ startAt: minutesAfter(now, 60), endAt: 42 }), ['endAt']);
      expectFieldErrors(await schedule({ startAt: minutesAfter(now, 60), status: 'active' }), ['status']);
      await unchanged();
    });

    it('can move an already scheduled campaign', async () => {
      const now = t.clock.now();
      await schedule(aSchedule(now, 60, 120));
      const moved = await schedule(aSchedule(now, 180, null));
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ status: 'scheduled', schedule: { startAt: minutesAfter(now, 180), endAt: null }, version: 3 });
    });
  });

  describe('cancel', () => {
    it.each(['draft', 'scheduled', 'active', 'paused'] as const)('cancels a %s campaign with a reason', async (status) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: BRAND });
      const res = await api('POST', `/api/v1/campaigns/${campaign.id}/cancel`, { reason: `  no budget for ${status}  ` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: `no budget for ${status}`, version: campaign.version + 1 });
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.cancelReason).toBe(`no budget for ${status}`);
    });

    it('cancels without a body, leaving cancelReason null', async () => {
      const campaign = await createCampaignIn(t, api, 'draft', { brandId: BRAND });
      const res = await api('POST', `/api/v1/campaigns/${campaign.id}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: null });
    });

    it('rejects a reason that is not a string, too long, or extra fields', async () => {
      const campaign = await createCampaignIn(t, api, 'active', { brandId: BRAND });
      const cancel = (body: unknown) => api('POST', `/api/v1/campaigns/${campaign.id}/cancel`, body);
      expectFieldErrors(await cancel({ reason: 42 }), ['reason']);
      expectFieldErrors(await cancel({ reason: 'x'.repeat(501) }), ['reason']);
      expectFieldErrors(await cancel({ reason: 'ok', status: 'draft' }), ['status']);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body).toMatchObject({ status: 'active', version: campaign.version });
    });
  });

  describe('actions without a body', () => {
    it.each(['activate', 'resume', 'finish'])('%s rejects any body field with 400', async (action) => {
      const from = action === 'activate' ? 'draft' : 'paused';
      const campaign = await createCampaignIn(t, api, from, { brandId: BRAND });
      expectFieldErrors(await api('POST', `/api/v1/campaigns/${campaign.id}/${action}`, { force: true }), ['force']);
      // An empty JSON object is the same as no body.
      expect((await api('POST', `/api/v1/campaigns/${campaign.id}/${action}`, {})).status).toBe(200);
    });

    it('pause takes an optional reason', async () => {
      const campaign = await createCampaignIn(t, api, 'active', { brandId: BRAND });
      expectFieldErrors(await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { reason: 'x'.repeat(501) }), ['reason']);
      expect((await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { reason: 'lunch' })).body.status).toBe('paused');
    });
  });

  describe('every (status, action) pair', () => {
    // One campaign per pair, driven into the status through the API itself.
    const pairs = STATUSES.flatMap((status) => Object.keys(ALLOWED).map((action) => [status, action] as const));

    it.each(pairs)('%s + %s: allowed pairs succeed, the others answer 409 naming the status and the action', async (status, action) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: BRAND });
      const [newLead] = await seedReachableLeads(t.dataSource, BRAND);
      const res = await perform(api, action, campaign.id, t.clock.now(), newLead);
      const after = await api('GET', `/api/v1/campaigns/${campaign.id}`);
      if (ALLOWED[action]!.includes(status)) {
        if (action === 'delete') {
          expect(res.status).toBe(204);
          expect(after.status).toBe(404);
          return;
        }
        if (action === 'audience') {
          expect(res.status).toBe(200);
          expect(res.body).toEqual({ added: 1, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, notFound: 0 });
          expect(res.headers.get('etag')).toBe(`"${campaign.version + 1}"`);
          expect(after.body).toMatchObject({ status, version: campaign.version + 1, metrics: { totalContacts: 2, pending: 2 } });
          return;
        }
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: RESULT[action] ?? status, version: campaign.version + 1 });
        expect(after.body).toEqual(res.body);
      } else {
        const problem = expectProblem(res, 409);
        expect(problem.detail).toContain(status);
        expect(problem.detail).toMatch(ACTION_WORD[action]!);
        expect(after.body).toEqual(campaign);
      }
    });
  });

  it('answers 404 for every action on an unknown campaign', async () => {
    const unknown = '0193aaaa-0000-7000-8000-00000000abcd';
    for (const action of Object.keys(ALLOWED)) {
      const res = await perform(api, action, unknown, t.clock.now());
      expect({ action, status: res.status }).toEqual({ action, status: 404 });
      expectProblem(res, 404);
    }
  });
});
