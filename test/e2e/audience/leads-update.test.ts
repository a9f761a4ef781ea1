import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem } from '../../support/campaign-requests.js';
import { aPhone, createLead, expectDocumented } from '../../support/lead-requests.js';

const BRAND = 'lu-brand';

describe('PATCH /api/v1/leads/{id}', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  const eventTypes = async (id: string): Promise<string[]> =>
    (await t.dataSource.query(`SELECT event_type FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])).map((r: { event_type: string }) => r.event_type);

  it('changes contact fields, bumps the version and updatedAt, and answers the new representation and ETag', async () => {
    const lead = await createLead(api, { brandId: BRAND, firstName: 'Ana', email: 'ana@example.com', tags: ['vip'] });
    t.clock.advance(60_000);
    const res = await api('PATCH', `/api/v1/leads/${lead.id}`, {
      firstName: 'Ana María', phone: '301 765 4321', defaultCountry: 'CO', email: null, tags: ['vip', 'gold'], customFields: { budget: 5 },
      treatment: 'hold', nextActionAt: '2026-12-05T09:00:00-05:00', notes: 'call after lunch', region: 'caribe', timezone: 'America/Bogota',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toEqual({
      ...lead,
      firstName: 'Ana María', phone: '+573017654321', email: null, tags: ['vip', 'gold'], customFields: { budget: 5 }, treatment: 'hold',
      nextActionAt: '2026-12-05T14:00:00.000Z', notes: 'call after lunch', region: 'caribe', timezone: 'America/Bogota',
      version: 2, updatedAt: t.clock.now().toISOString(),
    });
    expectDocumented('Lead', res.body);
    expect((await api('GET', `/api/v1/leads/${lead.id}`)).body).toEqual(res.body);
    expect(await eventTypes(lead.id)).toEqual(['LeadCreated', 'LeadUpdated']);
  });

  it('reads a national phone in the query string\'s defaultCountry', async () => {
    const lead = await createLead(api, { brandId: BRAND });
    const res = await api('PATCH', `/api/v1/leads/${lead.id}?defaultCountry=US`, { phone: '212 555 0177' });
    expect(res.body.phone).toBe('+12125550177');
  });

  it('changes nothing (same version, no event) when the values equal the current ones', async () => {
    const lead = await createLead(api, { brandId: BRAND, firstName: 'Ana', email: 'ana@example.com', customFields: { a: 1, b: 'x' } });
    t.clock.advance(60_000);
    const res = await api('PATCH', `/api/v1/leads/${lead.id}`, { firstName: ' Ana ', phone: lead.phone, email: 'ana@EXAMPLE.COM', customFields: { b: 'x', a: 1 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual(lead);
    expect((await api('PATCH', `/api/v1/leads/${lead.id}`, {})).body).toEqual(lead);
    expect(await eventTypes(lead.id)).toEqual(['LeadCreated']);
  });

  it('refuses fields that have their own action, and unknown fields', async () => {
    const lead = await createLead(api, { brandId: BRAND });
    expectFieldErrors(await api('PATCH', `/api/v1/leads/${lead.id}`, { stage: 'won', score: 90, assignedTo: 'x', consent: {}, brandId: 'other', version: 9 }),
      ['stage', 'score', 'assignedTo', 'consent', 'brandId', 'version']);
  });

  it('refuses to leave the lead with neither phone nor email', async () => {
    const lead = await createLead(api, { brandId: BRAND });
    const errors = expectFieldErrors(await api('PATCH', `/api/v1/leads/${lead.id}`, { phone: null }), ['phone']);
    expect(errors[0]!.message).toMatch(/needs a phone or an email/);
    const withEmail = await api('PATCH', `/api/v1/leads/${lead.id}`, { phone: null, email: 'only@example.com' });
    expect(withEmail.body).toMatchObject({ phone: null, email: 'only@example.com', version: 2 });
  });

  it('answers 409 naming the phone when another lead of the brand has it, and changes nothing', async () => {
    const phone = aPhone();
    await createLead(api, { brandId: BRAND, phone: phone.written });
    const lead = await createLead(api, { brandId: BRAND });
    const problem = expectProblem(await api('PATCH', `/api/v1/leads/${lead.id}`, { phone: phone.e164, firstName: 'Taken' }), 409);
    expect(problem.detail).toContain(phone.e164);
    expect((await api('GET', `/api/v1/leads/${lead.id}`)).body).toEqual(lead);
    expect(await eventTypes(lead.id)).toEqual(['LeadCreated']);
  });

  describe('If-Match', () => {
    it('applies the change when it matches, and answers 412 changing nothing when it does not', async () => {
      const lead = await createLead(api, { brandId: BRAND });
      expect((await api('PATCH', `/api/v1/leads/${lead.id}`, { notes: 'one' }, { 'If-Match': '"1"' })).status).toBe(200);
      const stale = expectProblem(await api('PATCH', `/api/v1/leads/${lead.id}`, { notes: 'two' }, { 'If-Match': '"1"' }), 412);
      expect(stale.detail).toMatch(/version 1.*current version is 2/);
      expectProblem(await api('PATCH', `/api/v1/leads/${lead.id}`, { notes: 'two' }, { 'If-Match': 'garbage' }), 412);
      expect((await api('PATCH', `/api/v1/leads/${lead.id}`, { notes: 'three' }, { 'If-Match': '*' })).body).toMatchObject({ notes: 'three', version: 3 });
      expect((await api('GET', `/api/v1/leads/${lead.id}`)).body.notes).toBe('three');
    });
  });

  it('answers 404 for an unknown lead and for an id that is not a UUID', async () => {
    expectProblem(await api('PATCH', '/api/v1/leads/0193aaaa-0000-7000-8000-000000000000', { notes: 'x' }), 404);
    expectProblem(await api('PATCH', '/api/v1/leads/nope', { notes: 'x' }), 404);
  });
});
