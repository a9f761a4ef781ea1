import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { UUID } from '../../support/campaign-requests.js';
import { aFullLead, aPhone } from '../../support/lead-requests.js';

const BRAND = 'le-brand';
const SUB = 'le-manager-7';

interface EventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  brand_id: string;
  payload: any;
  metadata: { correlationId: string; causationId: string | null; actor: { sub: string; role: string } };
  occurred_at: Date;
}

describe('domain events of lead actions', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND], SUB));
  });
  afterAll(async () => { await t.close(); });

  const log = async (id: string): Promise<EventRow[]> =>
    t.dataSource.query(`SELECT * FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id]);

  async function send(method: string, path: string, body?: unknown) {
    const correlationId = `corr-le-${++n}`;
    const res = await api(method, path, body, { 'x-correlation-id': correlationId });
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { res, correlationId };
  }

  it('records one event per change, with consecutive versions, the row agreeing, and the request\'s metadata', async () => {
    const phone = aPhone();
    const created = await send('POST', '/api/v1/leads', aFullLead({ brandId: BRAND, phone: phone.written }));
    const id: string = created.res.body.id;
    const path = `/api/v1/leads/${id}`;
    const steps = [
      created,
      await send('PATCH', path, { firstName: 'Ana María', tags: ['vip', 'gold'] }),
      await send('POST', `${path}/stage`, { stage: 'won', reason: 'signed' }),
      await send('POST', `${path}/stage`, { stage: 'referrals', reason: 'asking for referrals' }),
      await send('POST', `${path}/score`, { delta: 15 }),
      await send('POST', `${path}/score`, { score: 20 }),
      await send('POST', `${path}/assign`, { assignedTo: 'agent-9' }),
      await send('POST', `${path}/opt-out`, { channels: ['sms'], reason: 'STOP' }),
      await send('POST', `${path}/opt-out`),
      await send('POST', `${path}/opt-in`, { channels: ['email'] }),
    ];
    // Actions that change nothing record nothing.
    await send('POST', `${path}/score`, { score: 20 });
    await send('POST', `${path}/opt-out`, { channels: ['sms'] });
    await send('PATCH', path, { firstName: 'Ana María' });

    const rows = await log(id);
    expect(rows.map((r) => [r.aggregate_version, r.event_type])).toEqual([
      [1, 'LeadCreated'], [2, 'LeadUpdated'], [3, 'LeadStageChanged'], [4, 'LeadStageChanged'], [5, 'LeadScoreChanged'], [6, 'LeadScoreChanged'],
      [7, 'LeadAssigned'], [8, 'LeadOptedOut'], [9, 'LeadOptedOut'], [10, 'LeadOptedIn'],
    ]);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({
        schema_version: 1,
        aggregate_type: 'Lead',
        aggregate_id: id,
        brand_id: BRAND,
        metadata: { correlationId: steps[i]!.correlationId, causationId: null, actor: { sub: SUB, role: 'brand_manager' } },
      });
      expect(row.event_id).toMatch(UUID);
      expect(row.occurred_at.toISOString()).toBe(t.clock.now().toISOString());
    });
    const [row] = await t.dataSource.query(`SELECT version FROM leads WHERE id = $1`, [id]);
    expect(row.version).toBe(10);

    const data = rows.map((r) => r.payload);
    const { version: _version, ...snapshot } = created.res.body;
    expect(data[0]).toEqual(snapshot);
    expect(data[1]).toEqual({ changes: { firstName: 'Ana María', tags: ['vip', 'gold'] }, previous: { firstName: 'Ana', tags: ['vip'] } });
    expect(data[2]).toEqual({ from: 'profiling', to: 'won', reason: 'signed' });
    expect(data[3]).toEqual({ from: 'won', to: 'referrals', reason: 'asking for referrals' });
    expect(data[4]).toEqual({ from: 40, to: 55, delta: 15 });
    expect(data[5]).toEqual({ from: 55, to: 20, delta: -35 });
    expect(data[6]).toEqual({ from: 'agent-7', to: 'agent-9' });
    expect(data[7]).toEqual({ channels: ['sms'], reason: 'STOP', doNotContact: false, optedOutChannels: ['sms'] });
    const all = ['call', 'whatsapp', 'telegram', 'email', 'sms'];
    expect(data[8]).toEqual({ channels: all, reason: null, doNotContact: true, optedOutChannels: all });
    expect(data[9]).toEqual({ channels: ['email'], reason: null, doNotContact: false, optedOutChannels: ['call', 'whatsapp', 'telegram', 'sms'] });
  });

  it('a refused action (validation, conflict, duplicate phone) leaves no event and no row change', async () => {
    const phone = aPhone();
    const first = await send('POST', '/api/v1/leads', aFullLead({ brandId: BRAND, phone: phone.written }));
    const second = await send('POST', '/api/v1/leads', aFullLead({ brandId: BRAND }));
    const before = (await log(second.res.body.id)).length;
    expect((await api('PATCH', `/api/v1/leads/${second.res.body.id}`, { phone: phone.written })).status).toBe(409);
    expect((await api('POST', `/api/v1/leads/${second.res.body.id}/stage`, { stage: 'profiling' })).status).toBe(409);
    expect((await api('POST', `/api/v1/leads/${second.res.body.id}/score`, { delta: 100 })).status).toBe(400);
    expect((await api('POST', '/api/v1/leads', aFullLead({ brandId: BRAND, phone: phone.written }))).status).toBe(409);
    expect((await log(second.res.body.id)).length).toBe(before);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE event_type = 'LeadCreated' AND payload->>'phone' = $1`, [phone.e164]))[0].n).toBe(1);
    expect((await log(first.res.body.id)).length).toBe(1);
  });

  it('an idempotent create replays the first answer and writes one lead and one event', async () => {
    const body = aFullLead({ brandId: BRAND });
    const headers = { 'Idempotency-Key': 'le-create-1' };
    const first = await api('POST', '/api/v1/leads', body, headers);
    const again = await api('POST', '/api/v1/leads', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await log(first.body.id)).length).toBe(1);
    expect((await api('POST', '/api/v1/leads', { ...body, firstName: 'Other' }, headers)).status).toBe(422);
  });
});
