import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectProblem } from '../../support/campaign-requests.js';
import { aLead, createLead } from '../../support/lead-requests.js';

const A = 'lt-alpha';
const B = 'lt-beta';

type Api = ReturnType<typeof client>;

/** Every write route on an existing lead, with a body its owner could send successfully. */
const WRITES: Array<[string, (api: Api, id: string) => ReturnType<Api>]> = [
  ['PATCH', (api, id) => api('PATCH', `/api/v1/leads/${id}`, { notes: 'x' })],
  ['stage', (api, id) => api('POST', `/api/v1/leads/${id}/stage`, { stage: 'profiling' })],
  ['score', (api, id) => api('POST', `/api/v1/leads/${id}/score`, { score: 50 })],
  ['assign', (api, id) => api('POST', `/api/v1/leads/${id}/assign`, { assignedTo: 'agent-1' })],
  ['opt-out', (api, id) => api('POST', `/api/v1/leads/${id}/opt-out`, { channels: ['sms'] })],
  ['opt-in', (api, id) => api('POST', `/api/v1/leads/${id}/opt-in`)],
];

describe('lead authentication and tenancy', () => {
  let t: TestApp;
  let managerA: Api;
  let managerB: Api;
  let viewerA: Api;
  let admin: Api;

  beforeAll(async () => {
    t = await startTestApp();
    managerA = client(t.baseUrl, await t.token('brand_manager', [A], 'manager-a'));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B], 'manager-b'));
    viewerA = client(t.baseUrl, await t.token('viewer', [A], 'viewer-a'));
    admin = client(t.baseUrl, await t.token('admin', [], 'root'));
  });
  afterAll(async () => { await t.close(); });

  const snapshot = async (id: string) => ({
    row: (await t.dataSource.query(`SELECT version, notes, stage, score, assigned_to, opted_out_channels FROM leads WHERE id = $1`, [id]))[0],
    events: (await t.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = $1`, [id]))[0].n,
  });

  it('answers 401 on every route without a token', async () => {
    const anonymous = client(t.baseUrl);
    const lead = await createLead(managerA, { brandId: A });
    expectProblem(await anonymous('GET', '/api/v1/leads'), 401);
    expectProblem(await anonymous('GET', `/api/v1/leads/${lead.id}`), 401);
    expectProblem(await anonymous('POST', '/api/v1/leads', aLead({ brandId: A })), 401);
    for (const [, call] of WRITES) expectProblem(await call(anonymous, lead.id), 401);
    expect(await snapshot(lead.id)).toEqual({ row: expect.objectContaining({ version: 1 }), events: 1 });
  });

  describe.each(WRITES)('%s on another brand\'s lead', (_name, call) => {
    it('answers 404, exactly as for an unknown id, and changes nothing', async () => {
      const lead = await createLead(managerA, { brandId: A });
      const before = await snapshot(lead.id);
      const hidden = expectProblem(await call(managerB, lead.id), 404);
      const unknown = expectProblem(await call(managerB, '0193aaaa-0000-7000-8000-000000000000'), 404);
      expect(hidden.title).toBe(unknown.title);
      expect(await snapshot(lead.id)).toEqual(before);
    });
  });

  it('GET of another brand\'s lead answers 404, and the list never shows it', async () => {
    const lead = await createLead(managerA, { brandId: A });
    expectProblem(await managerB('GET', `/api/v1/leads/${lead.id}`), 404);
    const ids = (await managerB('GET', '/api/v1/leads?limit=500')).body.items.map((l: { id: string }) => l.id);
    expect(ids).not.toContain(lead.id);
  });

  describe.each(WRITES)('%s by a viewer', (_name, call) => {
    it('answers 403 and changes nothing, though the viewer may read the lead', async () => {
      const lead = await createLead(managerA, { brandId: A });
      const before = await snapshot(lead.id);
      expectProblem(await call(viewerA, lead.id), 403);
      expect(await snapshot(lead.id)).toEqual(before);
      expect((await viewerA('GET', `/api/v1/leads/${lead.id}`)).status).toBe(200);
    });
  });

  it('a viewer may not create, but may list', async () => {
    expectProblem(await viewerA('POST', '/api/v1/leads', aLead({ brandId: A })), 403);
    expect((await viewerA('GET', `/api/v1/leads?brandId=${A}`)).status).toBe(200);
  });

  it('an admin acts on every brand', async () => {
    const lead = await createLead(admin, { brandId: B });
    for (const [, call] of WRITES) expect((await call(admin, lead.id)).status).toBe(200);
    expect((await admin('GET', `/api/v1/leads/${lead.id}`)).body.brandId).toBe(B);
  });

  it('a manager of several brands acts on each', async () => {
    const both = client(t.baseUrl, await t.token('brand_manager', [A, B], 'manager-ab'));
    const a = await createLead(both, { brandId: A });
    const b = await createLead(both, { brandId: B });
    expect((await both('POST', `/api/v1/leads/${a.id}/score`, { score: 5 })).status).toBe(200);
    expect((await both('POST', `/api/v1/leads/${b.id}/score`, { score: 5 })).status).toBe(200);
  });
});
