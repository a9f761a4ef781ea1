import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem, ISO_UTC, UUID } from '../../support/campaign-requests.js';
import { aFullLead, aLead, aPhone, createLead, expectDocumented } from '../../support/lead-requests.js';

const BRAND = 'lc-brand';
const OTHER = 'lc-other';

describe('POST /api/v1/leads and GET /api/v1/leads/{id}', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let other: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
    other = client(t.baseUrl, await t.token('brand_manager', [OTHER], 'someone-else'));
  });
  afterAll(async () => { await t.close(); });

  it('creates a lead with every field and answers 201, Location, ETag and the exact representation', async () => {
    const now = t.clock.now().toISOString();
    const phone = aPhone();
    const body = aFullLead({ brandId: BRAND, phone: phone.written });
    const res = await api('POST', '/api/v1/leads', body);

    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(id).toMatch(UUID);
    expect(res.headers.get('location')).toBe(`/api/v1/leads/${id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual({
      id,
      brandId: BRAND,
      firstName: 'Ana',
      lastName: 'Pérez',
      phone: phone.e164,
      email: 'ana@example.com',
      timezone: 'America/Bogota',
      region: 'andina',
      tags: ['vip'],
      customFields: { budget: 120000, specialty: 'anesthesiology' },
      score: 40,
      stage: 'profiling',
      stageEnteredAt: now,
      assignedTo: 'agent-7',
      treatment: 'manual_follow_up',
      nextActionAt: '2026-12-01T15:00:00.000Z',
      notes: 'Prefers mornings',
      consent: { doNotContact: false, optedOutChannels: [], reason: null, updatedAt: now },
      lastContactedAt: null,
      interactions: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    expectDocumented('Lead', res.body);

    const read = await api('GET', res.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it('fills defaults when only a phone is sent, and accepts a lead with only an email', async () => {
    const byPhone = await createLead(api, { brandId: BRAND });
    expect(byPhone).toMatchObject({
      firstName: '', lastName: '', email: null, timezone: null, region: null, tags: [], customFields: {}, score: 0, stage: 'new',
      assignedTo: null, treatment: 'automated_call', nextActionAt: null, notes: '', lastContactedAt: null, interactions: 0, version: 1,
    });
    expect(byPhone.createdAt).toMatch(ISO_UTC);
    expect(byPhone.stageEnteredAt).toBe(byPhone.createdAt);
    const byEmail = await createLead(api, { brandId: BRAND, phone: undefined, email: 'solo@example.com' });
    expect(byEmail).toMatchObject({ phone: null, email: 'solo@example.com' });
    expectDocumented('Lead', byEmail);
  });

  it('normalises what it stores: E.164 phone, email domain, canonical zone, trimmed text, unique tags, sorted custom fields', async () => {
    const res = await api('POST', '/api/v1/leads', aLead({
      brandId: BRAND, phone: '(300) 765-4321', defaultCountry: 'co', email: '  Ana.Perez@EXAMPLE.Com ', timezone: 'america/mexico_city',
      firstName: '  Ana ', region: '   ', tags: [' vip ', 'gold', 'vip'], customFields: { z: 1, a: true },
    }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      phone: '+573007654321', email: 'Ana.Perez@example.com', timezone: 'America/Mexico_City', firstName: 'Ana', region: null, tags: ['vip', 'gold'],
    });
    expect(Object.keys(res.body.customFields)).toEqual(['a', 'z']);
  });

  describe('default country', () => {
    it('is taken from the query string as well as the body', async () => {
      const res = await api('POST', '/api/v1/leads?defaultCountry=US', aLead({ brandId: BRAND, phone: '(212) 555-0101' }));
      expect(res.status).toBe(201);
      expect(res.body.phone).toBe('+12125550101');
      expect(await api('POST', '/api/v1/leads?defaultCountry=MX', aLead({ brandId: BRAND, phone: '55 1234 5678', defaultCountry: 'mx' }))).toMatchObject({ status: 201 });
    });

    it('is not needed for international forms, and is not stored', async () => {
      const res = await api('POST', '/api/v1/leads', aLead({ brandId: BRAND, phone: '0052 81 1234 5678' }));
      expect(res.body.phone).toBe('+528112345678');
      expect(res.body).not.toHaveProperty('defaultCountry');
    });

    it('is required for a national number (400 naming phone), must be a known country, and must agree between body and query', async () => {
      const national = expectFieldErrors(await api('POST', '/api/v1/leads', aLead({ brandId: BRAND, phone: '300 765 4322' })), ['phone']);
      expect(national[0]!.message).toMatch(/national number/);
      expectFieldErrors(await api('POST', '/api/v1/leads?defaultCountry=XX', aLead({ brandId: BRAND })), ['defaultCountry']);
      expectFieldErrors(await api('POST', '/api/v1/leads', aLead({ brandId: BRAND, defaultCountry: 'Colombia' })), ['defaultCountry']);
      expectFieldErrors(await api('POST', '/api/v1/leads?defaultCountry=US', aLead({ brandId: BRAND, defaultCountry: 'CO' })), ['defaultCountry']);
      expectFieldErrors(await api('POST', '/api/v1/leads?country=CO', aLead({ brandId: BRAND })), ['country']);
    });
  });

  describe('validation (400, one errors item per bad field)', () => {
    it('rejects unknown fields, so no client sets what it does not own', async () => {
      const errors = expectFieldErrors(await api('POST', '/api/v1/leads', aLead({ brandId: BRAND, consent: { doNotContact: true }, version: 3, id: 'x', interactions: 9, lastContactedAt: null })),
        ['consent', 'version', 'id', 'interactions', 'lastContactedAt']);
      expect(errors.every((e) => e.message === 'is not an allowed field')).toBe(true);
    });

    it('needs a brand, and a phone or an email', async () => {
      expectFieldErrors(await api('POST', '/api/v1/leads', {}), ['brandId']);
      const missing = expectFieldErrors(await api('POST', '/api/v1/leads', { brandId: BRAND, firstName: 'Ana' }), ['phone']);
      expect(missing[0]!.message).toMatch(/needs a phone or an email/);
    });

    it('reports shape errors of several fields at once', async () => {
      expectFieldErrors(await api('POST', '/api/v1/leads', {
        ...aLead({ brandId: BRAND }), firstName: 3, tags: 'vip', customFields: [1], treatment: 'spam', score: 'high', stage: 'closed', nextActionAt: 'tomorrow', assignedTo: 5,
      }), ['firstName', 'tags', 'customFields', 'treatment', 'score', 'stage', 'nextActionAt', 'assignedTo']);
    });

    it('reports rule errors of several fields at once, with clear messages', async () => {
      const errors = expectFieldErrors(await api('POST', '/api/v1/leads', aLead({
        brandId: BRAND, phone: '300-CALL-NOW', email: 'ana@localhost', timezone: '+05:00', score: 101, tags: ['a;b'], customFields: { 'bad key': 1, nested: { a: 1 } },
      })), ['phone', 'email', 'timezone', 'score', 'tags', 'customFields.bad key', 'customFields.nested']);
      expect(errors.find((e) => e.field === 'phone')!.message).toMatch(/only digits/);
      expect(errors.find((e) => e.field === 'score')!.message).toMatch(/between 0 and 100/);
    });

    it('answers 400 for a body that is not a JSON object, and 415 for one that is not JSON', async () => {
      expectProblem(await api('POST', '/api/v1/leads', '[1]', { 'content-type': 'application/json' }), 400);
      expectProblem(await api('POST', '/api/v1/leads', '{"brandId":', { 'content-type': 'application/json' }), 400);
      expectProblem(await api('POST', '/api/v1/leads', 'brandId=x', { 'content-type': 'text/plain' }), 415);
    });
  });

  describe('phone is unique per brand', () => {
    it('answers 409 naming the phone for a second lead with it, however it is written', async () => {
      const phone = aPhone();
      await createLead(api, { brandId: BRAND, phone: phone.written });
      const national = phone.e164.slice(3);
      for (const written of [phone.e164, `00${phone.e164.slice(1)}`, national]) {
        const problem = expectProblem(await api('POST', '/api/v1/leads', aLead({ brandId: BRAND, phone: written, defaultCountry: 'CO' })), 409);
        expect(problem.detail).toContain(phone.e164);
        expect(problem.detail).toContain(BRAND);
      }
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM leads WHERE phone = $1`, [phone.e164]);
      expect(rows[0].n).toBe(1);
    });

    it('lets another brand have the same phone', async () => {
      const phone = aPhone();
      const mine = await createLead(api, { brandId: BRAND, phone: phone.written });
      const theirs = await createLead(other, { brandId: OTHER, phone: phone.written });
      expect(theirs.phone).toBe(mine.phone);
      expect(theirs.id).not.toBe(mine.id);
    });

    it('lets several leads of a brand share an email, or have no phone', async () => {
      await createLead(api, { brandId: BRAND, phone: undefined, email: 'shared@example.com' });
      await createLead(api, { brandId: BRAND, phone: undefined, email: 'shared@example.com' });
    });
  });

  it('answers 403 for a brand the token does not hold, and creates nothing', async () => {
    const phone = aPhone();
    expectProblem(await api('POST', '/api/v1/leads', aLead({ brandId: OTHER, phone: phone.written })), 403);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM leads WHERE phone = $1`, [phone.e164]))[0].n).toBe(0);
  });

  describe('reading', () => {
    it('answers 404 problem+json for an unknown id and for an id that is not a UUID', async () => {
      expectProblem(await api('GET', '/api/v1/leads/0193aaaa-0000-7000-8000-000000000000'), 404);
      expectProblem(await api('GET', '/api/v1/leads/not-a-uuid'), 404);
    });

    it('answers 404 for another brand\'s lead, indistinguishable from an unknown id', async () => {
      const mine = await createLead(api, { brandId: BRAND });
      const unknown = await other('GET', '/api/v1/leads/0193aaaa-0000-7000-8000-000000000000');
      const hidden = await other('GET', `/api/v1/leads/${mine.id}`);
      expectProblem(hidden, 404);
      expect(hidden.body.title).toBe(unknown.body.title);
      expect(hidden.body.detail.replace(mine.id, 'ID')).toBe(unknown.body.detail.replace('0193aaaa-0000-7000-8000-000000000000', 'ID'));
    });

    it('stores the row in PostgreSQL with its brand and consent columns', async () => {
      const lead = await createLead(api, { brandId: BRAND, tags: ['a', 'b'] });
      const [row] = await t.dataSource.query(`SELECT brand_id, phone, tags, do_not_contact, opted_out_channels, version FROM leads WHERE id = $1`, [lead.id]);
      expect(row).toEqual({ brand_id: BRAND, phone: lead.phone, tags: ['a', 'b'], do_not_contact: false, opted_out_channels: [], version: 1 });
    });
  });
});
