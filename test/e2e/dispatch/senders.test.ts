import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectFieldErrors, expectProblem, ISO_UTC, UUID } from '../../support/campaign-requests.js';
import { expectDocumented } from '../../support/lead-requests.js';
import { configureProviderWebhooks, TELEGRAM_WEBHOOK_SECRET, TWILIO_AUTH_TOKEN } from '../../support/provider-webhooks.js';

const A = 'snd-alpha';
const B = 'snd-beta';

type Api = ReturnType<typeof client>;

let phone = 5_550_100;
/** A distinct valid phone number, written the way a person would. */
const aPhone = () => `+57 300 ${String(++phone).slice(0, 3)} ${String(phone).slice(3)}`;
const e164 = (written: string) => written.replace(/\s/g, '');

function anSms(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { brandId: A, channel: 'sms', provider: 'twilio', address: aPhone(), ratePerSecond: 5, ...overrides };
}

describe('senders', () => {
  let t: TestApp;
  let managerA: Api;
  let managerB: Api;
  let viewerA: Api;
  let admin: Api;

  beforeAll(async () => {
    // Configured credentials, to show they never come back.
    configureProviderWebhooks();
    process.env.TELEGRAM_BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    process.env.SMTP_URL = 'smtp://mailer:smtp-password-value@127.0.0.1:2525';
    t = await startTestApp();
    managerA = client(t.baseUrl, await t.token('brand_manager', [A], 'manager-a'));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B], 'manager-b'));
    viewerA = client(t.baseUrl, await t.token('viewer', [A], 'viewer-a'));
    admin = client(t.baseUrl, await t.token('admin', [], 'root'));
  });
  afterAll(async () => { await t.close(); });

  const create = async (api: Api, body: Record<string, unknown>) => {
    const res = await api('POST', '/api/v1/senders', body);
    if (res.status !== 201) throw new Error(`creating a sender answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const snapshot = async (id: string) => ({
    row: (await t.dataSource.query(`SELECT version, provider, address, rate_per_second, daily_cap, status FROM senders WHERE id = $1`, [id]))[0],
    events: (await t.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = $1`, [id]))[0].n,
  });
  const eventsOf = async (id: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_type, aggregate_version, brand_id, payload FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id]));

  describe('POST /senders', () => {
    it('creates an active sender, its address in canonical form, and records SenderCreated', async () => {
      const written = aPhone();
      const res = await managerA('POST', '/api/v1/senders', anSms({ address: written, ratePerSecond: 2.5, dailyCap: 800 }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID), brandId: A, channel: 'sms', provider: 'twilio', address: e164(written),
        ratePerSecond: 2.5, dailyCap: 800, status: 'active', version: 1, createdAt: expect.stringMatching(ISO_UTC), updatedAt: expect.stringMatching(ISO_UTC),
      });
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/api/v1/senders/${res.body.id}`);
      expectDocumented('Sender', res.body);
      const { id: _id, version: _version, ...data } = res.body;
      expect(await eventsOf(res.body.id)).toEqual([{ event_type: 'SenderCreated', aggregate_type: 'Sender', aggregate_version: 1, brand_id: A, payload: { id: res.body.id, ...data } }]);
    });

    it.each([
      [{ channel: 'whatsapp', provider: 'twilio', address: 'whatsapp:+573001110001' }, '+573001110001'],
      [{ channel: 'call', provider: 'simulated', address: '+57 300 111 0002' }, '+573001110002'],
      [{ channel: 'telegram', provider: 'telegram', address: '@AcmeDealsBot' }, 'AcmeDealsBot'],
      [{ channel: 'email', provider: 'smtp', address: 'Offers@ACME.example' }, 'Offers@acme.example'],
    ])('takes %j, storing the address as %s', async (fields, address) => {
      expect((await create(managerA, anSms(fields))).address).toBe(address);
    });

    it('never returns or records a provider credential', async () => {
      const created = await create(managerA, anSms());
      const read = await managerA('GET', `/api/v1/senders/${created.id}`);
      const events = JSON.stringify(await eventsOf(created.id));
      for (const secret of [TWILIO_AUTH_TOKEN, TELEGRAM_WEBHOOK_SECRET, 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 'smtp-password-value']) {
        expect(JSON.stringify(created)).not.toContain(secret);
        expect(JSON.stringify(read.body)).not.toContain(secret);
        expect(events).not.toContain(secret);
      }
    });

    it('reports every bad field in one answer (an admin holds every brand, so even the brand id is judged)', async () => {
      const res = await admin('POST', '/api/v1/senders', { brandId: 'bad brand', channel: 'sms', provider: 'smtp', address: '300', ratePerSecond: 0, dailyCap: 1.5 });
      expectFieldErrors(res, ['brandId', 'provider', 'address', 'ratePerSecond', 'dailyCap']);
    });

    it('reports shape and value errors together, and unknown fields', async () => {
      const res = await managerA('POST', '/api/v1/senders', { ...anSms({ ratePerSecond: '5', dailyCap: 0 }), status: 'disabled', credentials: 'x' });
      expectFieldErrors(res, ['ratePerSecond', 'dailyCap', 'status', 'credentials']);
    });

    it('requires brandId, channel, provider, address and ratePerSecond', async () => {
      expectFieldErrors(await managerA('POST', '/api/v1/senders', {}), ['brandId', 'channel', 'provider', 'address', 'ratePerSecond']);
    });

    it('refuses a second sender with the brand\'s address on the channel (409), even written differently', async () => {
      const written = aPhone();
      await create(managerA, anSms({ address: written }));
      expectProblem(await managerA('POST', '/api/v1/senders', anSms({ address: e164(written), provider: 'simulated' })), 409, /already has a sms sender/);
      expect((await create(managerA, anSms({ address: written, channel: 'call' }))).channel).toBe('call');
    });

    it('lets another brand have the same address: brands are isolated', async () => {
      const written = aPhone();
      await create(managerA, anSms({ address: written }));
      expect((await create(managerB, anSms({ brandId: B, address: written }))).brandId).toBe(B);
    });

    it('answers 403 for a brand the token does not hold, and to a viewer', async () => {
      expectProblem(await managerA('POST', '/api/v1/senders', anSms({ brandId: B })), 403);
      expectProblem(await viewerA('POST', '/api/v1/senders', anSms()), 403);
      expectProblem(await client(t.baseUrl)('POST', '/api/v1/senders', anSms()), 401);
    });

    it('replays the first answer for the same Idempotency-Key and body, and refuses another body (422)', async () => {
      const body = anSms();
      const headers = { 'Idempotency-Key': `sender-${phone}` };
      const first = await managerA('POST', '/api/v1/senders', body, headers);
      const again = await managerA('POST', '/api/v1/senders', body, headers);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM senders WHERE address = $1`, [first.body.address]))[0].n).toBe(1);
      expectProblem(await managerA('POST', '/api/v1/senders', { ...body, ratePerSecond: 9 }, headers), 422);
    });
  });

  describe('GET /senders/{id} and /senders', () => {
    it('reads a sender with its ETag; another brand\'s, an unknown or a malformed id is 404', async () => {
      const sender = await create(managerA, anSms());
      const res = await viewerA('GET', `/api/v1/senders/${sender.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(sender);
      expect(res.headers.get('etag')).toBe('"1"');
      const hidden = expectProblem(await managerB('GET', `/api/v1/senders/${sender.id}`), 404);
      const unknown = expectProblem(await managerB('GET', '/api/v1/senders/0193aaaa-0000-7000-8000-000000000000'), 404);
      expect(hidden.title).toBe(unknown.title);
      expectProblem(await managerA('GET', '/api/v1/senders/not-a-uuid'), 404);
      expect((await admin('GET', `/api/v1/senders/${sender.id}`)).status).toBe(200);
    });

    it('lists the token\'s brands only, newest first, with filters and cursors', async () => {
      const mine = [
        await create(managerA, anSms()),
        await create(managerA, anSms({ channel: 'call', provider: 'simulated' })),
        await create(managerA, anSms({ channel: 'email', provider: 'smtp', address: `news-${phone}@acme.example` })),
      ];
      const theirs = await create(managerB, anSms({ brandId: B }));
      const all = (await managerA('GET', '/api/v1/senders?limit=500')).body.items.map((s: { id: string }) => s.id);
      expect(all).toEqual(expect.arrayContaining(mine.map((s) => s.id)));
      expect(all).not.toContain(theirs.id);
      expect(all.indexOf(mine[2].id)).toBeLessThan(all.indexOf(mine[0].id));
      expect((await managerA('GET', `/api/v1/senders?brandId=${B}`)).body).toEqual({ items: [], nextCursor: null });

      const calls = (await managerA('GET', '/api/v1/senders?channel=call&provider=simulated&status=active&limit=500')).body.items;
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((s: { channel: string; provider: string }) => s.channel === 'call' && s.provider === 'simulated')).toBe(true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await managerA('GET', `/api/v1/senders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expectDocumented('SenderList', page.body);
        seen.push(...page.body.items.map((s) => s.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('reports every bad query parameter', async () => {
      expectFieldErrors(await managerA('GET', '/api/v1/senders?channel=fax&provider=x&status=paused&limit=0&cursor=zz&sort=asc'),
        ['channel', 'provider', 'status', 'limit', 'cursor', 'sort']);
      expectFieldErrors(await managerA('GET', '/api/v1/senders?channel=sms&channel=call'), ['channel']);
    });
  });

  describe('PATCH /senders/{id}', () => {
    it('changes what is sent, bumps the version and records SenderUpdated with old and new values', async () => {
      const sender = await create(managerA, anSms({ dailyCap: 100 }));
      const next = aPhone();
      const res = await managerA('PATCH', `/api/v1/senders/${sender.id}`, { address: next, ratePerSecond: 0.5, dailyCap: null, status: 'disabled' }, { 'If-Match': '"1"' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...sender, address: e164(next), ratePerSecond: 0.5, dailyCap: null, status: 'disabled', version: 2, updatedAt: expect.stringMatching(ISO_UTC) });
      expect(res.headers.get('etag')).toBe('"2"');
      expect((await eventsOf(sender.id))[1]).toEqual(expect.objectContaining({
        event_type: 'SenderUpdated', aggregate_version: 2,
        payload: {
          changes: { address: e164(next), ratePerSecond: 0.5, dailyCap: null, status: 'disabled' },
          previous: { address: sender.address, ratePerSecond: 5, dailyCap: 100, status: 'active' },
        },
      }));
    });

    it('changes nothing (no version, no event) when every value is the current one', async () => {
      const sender = await create(managerA, anSms());
      const res = await managerA('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 5, provider: 'twilio' });
      expect(res.body.version).toBe(1);
      expect(await snapshot(sender.id)).toEqual(expect.objectContaining({ events: 1 }));
    });

    it('answers 412 and changes nothing when If-Match is not the current version', async () => {
      const sender = await create(managerA, anSms());
      const before = await snapshot(sender.id);
      expectProblem(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 9 }, { 'If-Match': '"7"' }), 412);
      expectProblem(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 9 }, { 'If-Match': 'W/"1"' }), 412);
      expect(await snapshot(sender.id)).toEqual(before);
    });

    it('refuses the identity fields and values that do not fit the channel', async () => {
      const sender = await create(managerA, anSms());
      expectFieldErrors(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { channel: 'call', brandId: B, version: 3 }), ['channel', 'brandId', 'version']);
      expectFieldErrors(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { provider: 'telegram', address: 'acme@example.com' }), ['provider', 'address']);
      expectFieldErrors(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 1001, status: 'paused', dailyCap: '5' }), ['ratePerSecond', 'status', 'dailyCap']);
    });

    it('answers 409 for an address another sender of the brand has', async () => {
      const taken = await create(managerA, anSms());
      const sender = await create(managerA, anSms());
      const before = await snapshot(sender.id);
      expectProblem(await managerA('PATCH', `/api/v1/senders/${sender.id}`, { address: taken.address }), 409);
      expect(await snapshot(sender.id)).toEqual(before);
    });

    it('answers 404 for another brand\'s sender and 403 to a viewer, changing nothing', async () => {
      const sender = await create(managerA, anSms());
      const before = await snapshot(sender.id);
      expectProblem(await managerB('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 1 }), 404);
      expectProblem(await viewerA('PATCH', `/api/v1/senders/${sender.id}`, { ratePerSecond: 1 }), 403);
      expect(await snapshot(sender.id)).toEqual(before);
    });
  });

  describe('DELETE /senders/{id}', () => {
    it('deletes the sender, keeping its history in the event log', async () => {
      const sender = await create(managerA, anSms());
      const res = await managerA('DELETE', `/api/v1/senders/${sender.id}`, undefined, { 'If-Match': '"1"' });
      expect(res.status).toBe(204);
      expectProblem(await managerA('GET', `/api/v1/senders/${sender.id}`), 404);
      expect((await eventsOf(sender.id)).map((e: { event_type: string }) => e.event_type)).toEqual(['SenderCreated', 'SenderDeleted']);
      expect((await create(managerA, anSms({ address: sender.address }))).address).toBe(sender.address);
    });

    it('answers 412, 404 and 403 without deleting anything', async () => {
      const sender = await create(managerA, anSms());
      const before = await snapshot(sender.id);
      expectProblem(await managerA('DELETE', `/api/v1/senders/${sender.id}`, undefined, { 'If-Match': '"2"' }), 412);
      expectProblem(await managerB('DELETE', `/api/v1/senders/${sender.id}`), 404);
      expectProblem(await viewerA('DELETE', `/api/v1/senders/${sender.id}`), 403);
      expect(await snapshot(sender.id)).toEqual(before);
    });
  });
});
