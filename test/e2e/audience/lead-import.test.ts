import type { LeadRow } from '../../../src/audience/infrastructure/lead.schema.js';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aMobile, csvText, expectedCounts, expectedErrors, importFile, type CsvOptions, type GeneratedRow } from '../../support/lead-import-files.js';

// A generated file with every kind of row, imported in small batches (7 rows) so duplicates meet
// both inside one batch and across batches; every count and every error is computed from what
// was generated.

type Api = ReturnType<typeof client>;

const HEADER = ['FirstName', 'lastname', 'PHONE', 'Email', 'timezone', 'Region', 'tags', 'Score', 'stage', 'specialty', 'budget'];
const [FIRST, LAST, PHONE, EMAIL, TZ, REGION, TAGS, SCORE, STAGE, SPECIALTY, BUDGET] = HEADER as [string, string, string, string, string, string, string, string, string, string, string];

interface Fixture {
  /** Rows as they appear in the file, `null` for a blank line. */
  readonly lines: ReadonlyArray<GeneratedRow | null>;
  /** Rows with a short record (one value missing), by their index in `lines`. */
  readonly short: ReadonlySet<number>;
  /** Phones of the leads the brand has before the import. */
  readonly existing: { phone: string; email: string | null; firstName: string }[];
  /** Phone (E.164) of the first good row, and what its lead must hold. */
  readonly first: { e164: string };
}

function cells(values: Partial<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(HEADER.map((name) => [name, values[name] ?? '']));
}

const good = (values: Partial<Record<string, string>>): GeneratedRow => ({ cells: cells(values), skip: 'imported', update: 'imported' });
const bad = (values: Partial<Record<string, string>>, ...errors: string[]): GeneratedRow => ({ cells: cells(values), skip: 'rejected', update: 'rejected', errors });

function generate(): Fixture {
  const existing: Fixture['existing'] = [aMobile(), aMobile(), aMobile()].map((m, i) => ({ phone: m.e164, email: null, firstName: `Db${i}` }));
  existing.push({ phone: aMobile().e164, email: `db.only.${existing[0]!.phone.slice(-6)}@example.com`, firstName: 'DbMail' });
  const first = aMobile();
  const solo = `Solo.${first.e164.slice(-6)}@Example.COM`;
  const lines: Array<GeneratedRow | null> = [];
  const short = new Set<number>();

  lines.push(good({ [FIRST]: 'Ana', [LAST]: 'Pérez', [PHONE]: first.national, [EMAIL]: `ana.${first.e164.slice(-6)}@Example.com`, [TZ]: 'america/bogota', [REGION]: 'andina', [TAGS]: 'vip; gold', [SCORE]: '40', [STAGE]: 'Profiling', [SPECIALTY]: 'anesthesiology', [BUDGET]: '120000' }));
  // In the same batch: the same phone written internationally, same values → unchanged in both modes.
  lines.push({ cells: cells({ [FIRST]: 'Ana', [LAST]: 'Pérez', [PHONE]: first.international, [EMAIL]: `ana.${first.e164.slice(-6)}@example.com`, [TZ]: 'America/Bogota', [REGION]: 'andina', [TAGS]: 'vip;gold', [SPECIALTY]: 'anesthesiology', [BUDGET]: '120000' }), skip: 'skipped', update: 'skipped' });
  lines.push(good({ [FIRST]: 'Solo', [EMAIL]: solo, [TAGS]: 'email-only' }));
  lines.push(good({ [FIRST]: 'Pérez, Ana', [LAST]: 'line one\nline two', [PHONE]: aMobile().international, [TAGS]: 'say "hi"; back\\slash; {braces}', [SPECIALTY]: 'a, "quoted" b', [BUDGET]: '007' }));
  lines.push(bad({ [FIRST]: 'Short', [PHONE]: '12' }, PHONE));
  lines.push(bad({ [FIRST]: 'Letters', [PHONE]: 'call me maybe' }, PHONE));
  lines.push(bad({ [PHONE]: aMobile().national, [EMAIL]: 'ana@' }, EMAIL));
  lines.push(null);
  lines.push(bad({ [FIRST]: 'Nobody', [REGION]: 'nowhere' }, PHONE));
  lines.push(bad({ [PHONE]: aMobile().national, [SCORE]: 'abc' }, SCORE));
  lines.push(bad({ [PHONE]: aMobile().national, [SCORE]: '101' }, SCORE));
  lines.push(bad({ [PHONE]: aMobile().national, [SCORE]: '4.5' }, SCORE));
  lines.push(bad({ [PHONE]: aMobile().national, [STAGE]: 'closed' }, STAGE));
  lines.push(bad({ [PHONE]: aMobile().national, [TZ]: 'Mars/Olympus' }, TZ));
  lines.push(bad({ [PHONE]: '99', [SCORE]: '-1', [TZ]: '+05:00' }, PHONE, SCORE, TZ));
  lines.push(bad({ [FIRST]: '=HYPERLINK("http://evil.example","x")', [LAST]: '+cmd', [PHONE]: '7', [REGION]: '-2+3', [TAGS]: '@SUM(A1)', [SPECIALTY]: '\tindented' }, PHONE));
  lines.push(bad({ [PHONE]: aMobile().national, [SPECIALTY]: 'x'.repeat(1001) }, SPECIALTY));
  short.add(lines.length);
  lines.push({ cells: cells({ [FIRST]: 'Short', [PHONE]: aMobile().national }), skip: 'rejected', update: 'rejected', errors: ['row'] });

  const goods: { e164: string; international: string; i: number }[] = [];
  for (let i = 0; i < 30; i++) {
    const mobile = aMobile();
    goods.push({ ...mobile, i });
    lines.push(good({ [FIRST]: `Lead${i}`, [LAST]: 'Generated', [PHONE]: i % 2 ? mobile.international : mobile.national, [EMAIL]: `lead.${mobile.e164.slice(-7)}@example.com`, [TZ]: 'UTC', [TAGS]: 'bulk', [SCORE]: String(i), [STAGE]: 'new', [BUDGET]: String(i * 10) }));
  }
  // Duplicates in the file, far from (and next to) their first row: a new region updates the lead the file created.
  lines.push({ cells: cells({ [FIRST]: 'Lead3', [LAST]: 'Generated', [PHONE]: goods[3]!.international, [REGION]: 'caribe' }), skip: 'skipped', update: 'updated' });
  lines.push({ cells: cells({ [FIRST]: 'Lead29', [PHONE]: goods[29]!.e164, [REGION]: 'pacifico' }), skip: 'skipped', update: 'updated' });
  lines.push({ cells: cells({ [FIRST]: 'Lead29', [PHONE]: goods[29]!.e164, [REGION]: 'pacifico' }), skip: 'skipped', update: 'skipped' });
  lines.push({ cells: cells({ [EMAIL]: solo.toLowerCase(), [TAGS]: 'email-only; again' }), skip: 'skipped', update: 'updated' });
  // Duplicates of the brand's leads from before the import.
  lines.push({ cells: cells({ [FIRST]: 'Changed', [PHONE]: existing[0]!.phone }), skip: 'skipped', update: 'updated' });
  lines.push({ cells: cells({ [FIRST]: existing[1]!.firstName, [PHONE]: existing[1]!.phone }), skip: 'skipped', update: 'skipped' });
  lines.push({ cells: cells({ [EMAIL]: existing[3]!.email!.toUpperCase().replace('@EXAMPLE.COM', '@example.com'), [REGION]: 'orinoquia' }), skip: 'skipped', update: 'updated' });
  lines.push(good({ [FIRST]: '=1+1', [PHONE]: aMobile().international }));
  return { lines, short, existing, first };
}

function fileOf(fixture: Fixture, options: CsvOptions = {}): string {
  const records = fixture.lines.map((line, i) => {
    if (line === null) return [''];
    const values = HEADER.map((name) => line.cells[name]!);
    return fixture.short.has(i) ? values.slice(0, -1) : values;
  });
  return csvText([HEADER, ...records], options);
}

/** Row numbers as the import counts them: the header is row 1, a blank line takes a number too. */
function rowNumbers(fixture: Fixture): { rows: GeneratedRow[]; numbers: number[] } {
  const rows: GeneratedRow[] = [];
  const numbers: number[] = [];
  fixture.lines.forEach((line, i) => {
    if (line === null) return;
    rows.push(line);
    numbers.push(i + 2);
  });
  return { rows, numbers };
}

describe('CSV import of a generated file', () => {
  let t: TestApp;
  let manager: Api;
  const brands = ['imp-skip', 'imp-semi', 'imp-update'];
  const previousBatch = process.env.IMPORT_BATCH_SIZE;

  beforeAll(async () => {
    process.env.IMPORT_BATCH_SIZE = '7';
    t = await startTestApp();
    if (previousBatch === undefined) delete process.env.IMPORT_BATCH_SIZE;
    else process.env.IMPORT_BATCH_SIZE = previousBatch;
    manager = client(t.baseUrl, await t.token('brand_manager', brands, 'importer-1'));
  });
  afterAll(async () => { await t.close(); });

  async function seedExisting(brandId: string, fixture: Fixture): Promise<void> {
    for (const lead of fixture.existing) {
      const res = await manager('POST', '/api/v1/leads', { brandId, firstName: lead.firstName, phone: lead.phone, email: lead.email });
      expect(res.status).toBe(201);
    }
  }

  const leadsOf = (brandId: string): Promise<LeadRow[]> => t.dataSource.query(`SELECT * FROM leads WHERE brand_id = $1 ORDER BY created_at, id`, [brandId]);
  const eventsOf = (brandId: string): Promise<Array<{ event_type: string; aggregate_id: string; payload: unknown }>> =>
    t.dataSource.query(`SELECT * FROM domain_events WHERE brand_id = $1 AND aggregate_type = 'Lead' ORDER BY position`, [brandId]);

  async function expectConsistent(brandId: string): Promise<void> {
    // Every lead's version is the number of its events, numbered 1, 2, … with LeadCreated first.
    const [mismatch] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM leads l
       WHERE l.brand_id = $1 AND (
         l.version <> (SELECT count(*) FROM domain_events e WHERE e.aggregate_id = l.id)
         OR NOT EXISTS (SELECT 1 FROM domain_events e WHERE e.aggregate_id = l.id AND e.aggregate_version = 1 AND e.event_type = 'LeadCreated')
         OR EXISTS (SELECT 1 FROM domain_events e WHERE e.aggregate_id = l.id AND e.aggregate_version > l.version))`,
      [brandId],
    );
    expect(mismatch.n).toBe(0);
  }

  it('skip mode: counts, errors and leads are exactly those the generated rows call for', async () => {
    const fixture = generate();
    const brandId = brands[0]!;
    await seedExisting(brandId, fixture);
    const { rows, numbers } = rowNumbers(fixture);

    const result = await importFile(manager, `brandId=${brandId}&defaultCountry=CO`, fileOf(fixture));

    expect(result).toMatchObject({ status: 'completed', onDuplicate: 'skip', defaultCountry: 'CO', failureReason: null, ...expectedCounts(rows, 'skip') });
    expect(result.errors.map((e) => ({ row: e.row, field: e.field }))).toEqual(expectedErrors(rows, numbers));
    const leads = await leadsOf(brandId);
    expect(leads).toHaveLength(fixture.existing.length + expectedCounts(rows, 'skip').rowsImported);
    expect(leads.filter((l) => l.version !== 1)).toEqual([]);
    expect((await eventsOf(brandId)).map((e) => e.event_type)).toEqual(leads.map(() => 'LeadCreated'));
    await expectConsistent(brandId);

    const ana = leads.find((l) => l.phone === fixture.first.e164);
    expect(ana).toMatchObject({
      first_name: 'Ana', last_name: 'Pérez', email: `ana.${fixture.first.e164.slice(-6)}@example.com`, timezone: 'America/Bogota', region: 'andina',
      tags: ['vip', 'gold'], custom_fields: { specialty: 'anesthesiology', budget: 120000 }, score: 40, stage: 'profiling', version: 1,
    });
    const quoted = leads.find((l) => l.first_name === 'Pérez, Ana');
    expect(quoted).toMatchObject({
      last_name: 'line one\nline two', tags: ['say "hi"', 'back\\slash', '{braces}'], custom_fields: { specialty: 'a, "quoted" b', budget: '007' }, email: null,
    });
    expect(leads.find((l) => l.first_name === 'Solo')).toMatchObject({ phone: null, tags: ['email-only'] });
    expect(leads.find((l) => l.first_name === 'Changed')).toBeUndefined();
  });

  it('reads the same file with a BOM, `;` as delimiter and CRLF line ends identically', async () => {
    const fixture = generate();
    const brandId = brands[1]!;
    await seedExisting(brandId, fixture);
    const { rows, numbers } = rowNumbers(fixture);

    const result = await importFile(manager, `brandId=${brandId}&defaultCountry=co`, fileOf(fixture, { delimiter: ';', bom: true, eol: '\r\n' }));

    expect(result).toMatchObject({ status: 'completed', ...expectedCounts(rows, 'skip') });
    expect(result.errors.map((e) => ({ row: e.row, field: e.field }))).toEqual(expectedErrors(rows, numbers));
    const quoted = (await leadsOf(brandId)).find((l) => l.first_name === 'Pérez, Ana');
    expect(quoted).toMatchObject({ last_name: 'line one\nline two', custom_fields: { specialty: 'a, "quoted" b' } });
    await expectConsistent(brandId);
  });

  it('update mode: duplicates of the file and of the brand update their lead, one LeadUpdated and version + 1 per changing row', async () => {
    const fixture = generate();
    const brandId = brands[2]!;
    await seedExisting(brandId, fixture);
    const { rows } = rowNumbers(fixture);

    const result = await importFile(manager, `brandId=${brandId}&defaultCountry=CO&onDuplicate=update`, fileOf(fixture));

    expect(result).toMatchObject({ status: 'completed', onDuplicate: 'update', ...expectedCounts(rows, 'update') });
    const leads = await leadsOf(brandId);
    expect(leads).toHaveLength(fixture.existing.length + expectedCounts(rows, 'update').rowsImported);
    const updates = (await eventsOf(brandId)).filter((e) => e.event_type === 'LeadUpdated');
    expect(updates).toHaveLength(expectedCounts(rows, 'update').rowsUpdated);
    await expectConsistent(brandId);

    const changed = leads.find((l) => l.phone === fixture.existing[0]!.phone)!;
    expect(changed).toMatchObject({ first_name: 'Changed', version: 2 });
    expect(updates.find((e) => e.aggregate_id === changed.id)!.payload).toEqual({ changes: { firstName: 'Changed' }, previous: { firstName: 'Db0' } });
    expect(leads.find((l) => l.phone === fixture.existing[1]!.phone)).toMatchObject({ version: 1 });
    expect(leads.find((l) => l.phone === fixture.existing[3]!.phone)).toMatchObject({ region: 'orinoquia', version: 2 });
    // Created by the file, then changed by a later row of it; the unchanged repeat records nothing.
    const lead29 = leads.find((l) => l.first_name === 'Lead29');
    expect(lead29).toMatchObject({ region: 'pacifico', version: 2, custom_fields: { budget: 290 } });
    expect(leads.find((l) => l.first_name === 'Lead3')).toMatchObject({ region: 'caribe', version: 2, tags: ['bulk'] });
    expect(leads.find((l) => l.first_name === 'Solo')).toMatchObject({ tags: ['email-only', 'again'], version: 2 });
    // Stage and score of an existing lead are not the import's to change.
    expect(leads.find((l) => l.phone === fixture.first.e164)).toMatchObject({ version: 1, stage: 'profiling', score: 40 });
  });
});
