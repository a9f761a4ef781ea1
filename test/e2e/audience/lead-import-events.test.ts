import { parse } from 'csv-parse/sync';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aMobile, csvText, importFile } from '../../support/lead-import-files.js';

// What an import writes is what the aggregate writes: the same lead rows and the same events as
// POST /leads and PATCH /leads/{id} given the same values. And what it rejects comes back in
// errors.csv, inert for spreadsheets.

type Api = ReturnType<typeof client>;

const BRAND = 'imp-events';
const SUB = 'importer-events';

describe('CSV import: rows and events as the aggregate writes them', () => {
  let t: TestApp;
  let manager: Api;

  beforeAll(async () => {
    t = await startTestApp();
    manager = client(t.baseUrl, await t.token('brand_manager', [BRAND], SUB));
  });
  afterAll(async () => { await t.close(); });

  const row = async (id: string) => (await t.dataSource.query(`SELECT * FROM leads WHERE id = $1`, [id]))[0];
  const rowByPhone = async (phone: string) => (await t.dataSource.query(`SELECT * FROM leads WHERE brand_id = $1 AND phone = $2`, [BRAND, phone]))[0];
  const events = async (id: string) => t.dataSource.query(`SELECT * FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id]);
  const without = (value: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));

  const values = {
    firstName: 'Ana', lastName: 'Pérez', email: 'Ana@Example.com', timezone: 'america/bogota', region: 'andina',
    tags: ['vip', 'gold'], customFields: { specialty: 'anesthesiology', budget: 120000, active: true }, score: 40, stage: 'profiling',
  };
  const header = ['firstName', 'lastName', 'phone', 'email', 'timezone', 'region', 'tags', 'specialty', 'budget', 'active', 'score', 'stage'];
  const cellsFor = (phone: string) => [values.firstName, values.lastName, phone, values.email, values.timezone, values.region, 'vip;gold', 'anesthesiology', '120000', 'TRUE', '40', 'profiling'];

  it('LeadCreated and the lead row equal those of POST /leads with the same values', async () => {
    const viaApi = aMobile();
    const viaImport = aMobile();
    const created = await manager('POST', '/api/v1/leads?defaultCountry=CO', { brandId: BRAND, ...values, phone: viaApi.national }, { 'x-correlation-id': 'corr-api' });
    expect(created.status).toBe(201);
    const result = await importFile(manager, `brandId=${BRAND}&defaultCountry=CO`, csvText([header, cellsFor(viaImport.national)]), { 'x-correlation-id': 'corr-import' });
    expect(result).toMatchObject({ status: 'completed', rowsImported: 1 });

    const apiRow = await row(created.body.id);
    const importRow = await rowByPhone(viaImport.e164);
    expect(without(importRow, 'id', 'phone')).toEqual(without(apiRow, 'id', 'phone'));
    const [apiEvent] = await events(apiRow.id);
    const importEvents = await events(importRow.id);
    expect(importEvents).toHaveLength(1);
    const [importEvent] = importEvents;
    expect(without(importEvent, 'position', 'event_id', 'aggregate_id', 'payload', 'metadata', 'transaction_id'))
      .toEqual(without(apiEvent, 'position', 'event_id', 'aggregate_id', 'payload', 'metadata', 'transaction_id'));
    expect(importEvent.payload).toEqual({ ...apiEvent.payload, id: importRow.id, phone: viaImport.e164 });
    expect(importEvent.metadata).toEqual({ ...apiEvent.metadata, correlationId: 'corr-import' });
    expect(apiEvent.metadata).toEqual({ correlationId: 'corr-api', causationId: null, actor: { sub: SUB, role: 'brand_manager' } });
  });

  it('keeps tabs, line breaks, backslashes and quotes of every kind of column as POST /leads does (COPY escaping)', async () => {
    const tricky = {
      firstName: 'Ana\tMaría', lastName: 'Pérez "la jefa" \\N', region: 'two\nlines\r\nand C:\\dir', tags: ['a "b"', 'back\\slash', '{x,y}', 'NULL'],
      customFields: { note: 'tab\there\nline "q" \\', empty: '\\N' },
    };
    const viaApi = aMobile();
    const viaImport = aMobile();
    const created = await manager('POST', '/api/v1/leads', { brandId: BRAND, ...tricky, phone: viaApi.e164 });
    expect(created.status).toBe(201);
    const file = csvText([
      ['phone', 'firstName', 'lastName', 'region', 'tags', 'note', 'empty'],
      [viaImport.e164, tricky.firstName, tricky.lastName, tricky.region, tricky.tags.join(';'), tricky.customFields.note, tricky.customFields.empty],
    ]);
    expect(await importFile(manager, `brandId=${BRAND}`, file)).toMatchObject({ status: 'completed', rowsImported: 1 });

    const apiRow = await row(created.body.id);
    const importRow = await rowByPhone(viaImport.e164);
    expect(importRow).toMatchObject({ first_name: tricky.firstName, last_name: tricky.lastName, region: tricky.region, tags: tricky.tags, custom_fields: tricky.customFields });
    expect(without(importRow, 'id', 'phone', 'created_at', 'updated_at', 'stage_entered_at', 'consent_updated_at'))
      .toEqual(without(apiRow, 'id', 'phone', 'created_at', 'updated_at', 'stage_entered_at', 'consent_updated_at'));
    const [apiEvent] = await events(apiRow.id);
    const [importEvent] = await events(importRow.id);
    const instants = ['id', 'phone', 'createdAt', 'updatedAt', 'stageEnteredAt', 'consent'];
    expect(without(importEvent.payload, ...instants)).toEqual(without(apiEvent.payload, ...instants));
  });

  it('LeadUpdated and the lead row equal those of PATCH /leads/{id} with the same changes', async () => {
    const [a, b] = [aMobile(), aMobile()];
    const [leadA, leadB] = await Promise.all([a, b].map(async (m) => (await manager('POST', '/api/v1/leads', { brandId: BRAND, ...values, phone: m.e164 })).body));
    t.clock.advance(60_000);
    const patched = await manager('PATCH', `/api/v1/leads/${leadA.id}`, {
      firstName: 'Ana María', region: 'caribe', tags: ['vip', 'new'], customFields: { ...values.customFields, specialty: 'surgery' },
    });
    expect(patched.status).toBe(200);
    // The budget and active cells are empty: those custom fields are left as they are.
    const file = csvText([['phone', 'firstName', 'region', 'tags', 'specialty', 'budget', 'active'], [b.international, 'Ana María', 'caribe', 'vip; new', 'surgery', '', '']]);
    const result = await importFile(manager, `brandId=${BRAND}&onDuplicate=update`, file);
    expect(result).toMatchObject({ status: 'completed', rowsUpdated: 1, rowsTotal: 1 });

    const [rowA, rowB] = [await row(leadA.id), await row(leadB.id)];
    expect(rowB.version).toBe(2);
    expect(without(rowB, 'id', 'phone')).toEqual(without(rowA, 'id', 'phone'));
    const [updateA, updateB] = [(await events(leadA.id))[1], (await events(leadB.id))[1]];
    expect(updateB.payload).toEqual(updateA.payload);
    expect(updateB).toMatchObject({ event_type: 'LeadUpdated', aggregate_version: 2, schema_version: 1, aggregate_type: 'Lead', brand_id: BRAND });
    expect(updateB.occurred_at).toEqual(updateA.occurred_at);
  });
});

describe('CSV import: rejected rows', () => {
  let t: TestApp;
  let manager: Api;

  beforeAll(async () => {
    t = await startTestApp();
    manager = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
  });
  afterAll(async () => { await t.close(); });

  async function errorsCsv(id: string): Promise<{ text: string; type: string | null; disposition: string | null }> {
    const res = await fetch(`${t.baseUrl}/api/v1/leads/imports/${id}/errors.csv`, { headers: { authorization: `Bearer ${await t.token('viewer', [BRAND])}` } });
    expect(res.status).toBe(200);
    // Read as bytes: Response.text() would drop the BOM this test checks for.
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { text, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
  }

  it('errors.csv gives every rejected row back with its reasons under the file\'s header, formulas neutralised', async () => {
    const file = csvText([
      ['firstName', 'lastName', 'phone', 'score', 'note'],
      ['=HYPERLINK("http://evil.example","click")', '+cmd|calc', '12', 'abc', '@SUM(A1)'],
      ['Ana', 'Pérez, A', '+57 300 123 4567', '10', 'fine'],
      ['-2+3', '\tTabbed', '', '', '\rreturn'],
      ['Short row'],
    ]);
    const result = await importFile(manager, `brandId=${BRAND}`, file);
    expect(result).toMatchObject({ rowsTotal: 4, rowsImported: 1, rowsRejected: 3 });

    const { text, type, disposition } = await errorsCsv(result.id);
    expect(type).toBe('text/csv; charset=utf-8');
    expect(disposition).toBe(`attachment; filename="lead-import-${result.id}-errors.csv"`);
    expect(text.startsWith('\uFEFFrow,reason,firstName,lastName,phone,score,note\r\n')).toBe(true);
    const records: string[][] = parse(text, { bom: true, relax_column_count: true });
    const reason = (row: number) => result.errors.filter((e: { row: number }) => e.row === row).map((e: { field: string; message: string }) => `${e.field}: ${e.message}`).join('; ');
    expect(records).toEqual([
      ['row', 'reason', 'firstName', 'lastName', 'phone', 'score', 'note'],
      ['2', reason(2), '\'=HYPERLINK("http://evil.example","click")', '\'+cmd|calc', '12', 'abc', '\'@SUM(A1)'],
      ['4', reason(4), '\'-2+3', '\'\tTabbed', '', '', '\'\rreturn'],
      ['5', reason(5), 'Short row'],
    ]);
    expect(result.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([[2, 'phone'], [2, 'score'], [4, 'phone'], [5, 'row']]);
    expect(reason(5)).toBe('row: has 1 values; the header names 5 columns');
  });

  it('lists the first 100 errors; errors.csv has every rejected row', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`Bad${i}`, String(i)]);
    const result = await importFile(manager, `brandId=${BRAND}`, csvText([['firstName', 'phone'], ...rows]));
    expect(result).toMatchObject({ rowsTotal: 150, rowsRejected: 150, rowsImported: 0 });
    expect(result.errors).toHaveLength(100);
    expect(result.errors[99]).toMatchObject({ row: 101, field: 'phone' });
    const records: string[][] = parse((await errorsCsv(result.id)).text, { bom: true });
    expect(records).toHaveLength(151);
    expect(records.slice(1).map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 2)));
  });
});
