import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { csvText, importFile } from '../../support/lead-import-files.js';

// 100,000 rows through the HTTP endpoint with the default batch size: the import finishes and
// what it wrote agrees with itself — counts, lead rows, one LeadCreated per new lead.

const BRAND = 'imp-100k';
const ROWS = 100_000;
const EVERY_DUPLICATE = 97; // every 97th row repeats the phone of the row before it
const EVERY_BAD = 101; // every 101st row has an invalid email

describe('CSV import of 100,000 rows', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => { await t.close(); });

  it('finishes, and its counts, leads and events agree', async () => {
    const phone = (i: number) => `+57 310 ${String(1_000_000 + i)}`;
    const lines: string[][] = [['firstName', 'lastName', 'phone', 'email', 'tags', 'score', 'stage', 'city', 'budget']];
    // The outcome of each row as the import must decide it: rejected, else skipped when its phone already made a lead.
    const leadPhones = new Set<string>();
    let duplicates = 0;
    let bad = 0;
    for (let i = 0; i < ROWS; i++) {
      const written = phone(i % EVERY_DUPLICATE === EVERY_DUPLICATE - 1 ? i - 1 : i);
      const isBad = i % EVERY_BAD === EVERY_BAD - 1;
      if (isBad) bad++;
      else if (leadPhones.has(written)) duplicates++;
      else leadPhones.add(written);
      lines.push([`Name ${i}`, 'Bulk, Test', written, isBad ? `broken-${i}@` : `lead${i}@example.com`, 'bulk;2026', String(i % 101), 'new', 'Bogotá', String(i)]);
    }
    const api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
    const started = Date.now();
    const result = await importFile(api, `brandId=${BRAND}`, csvText(lines), {});
    const seconds = (Date.now() - started) / 1000;

    const imported = ROWS - duplicates - bad;
    expect(result).toMatchObject({ status: 'completed', rowsTotal: ROWS, rowsImported: imported, rowsSkipped: duplicates, rowsRejected: bad, rowsUpdated: 0 });
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE brand_id = $1) AS leads,
              (SELECT count(*)::int FROM domain_events WHERE brand_id = $1) AS events,
              (SELECT count(*)::int FROM leads l JOIN domain_events e ON e.aggregate_id = l.id
                WHERE l.brand_id = $1 AND l.version = 1 AND e.aggregate_version = 1 AND e.event_type = 'LeadCreated'
                  AND e.payload->>'phone' = l.phone AND (e.payload->>'id')::uuid = l.id) AS matched,
              (SELECT count(DISTINCT row_number)::int FROM lead_import_errors WHERE import_id = $2) AS errorRows`,
      [BRAND, result.id],
    );
    expect(counts).toEqual({ leads: imported, events: imported, matched: imported, errorrows: bad });
    console.log(`100,000-row import: ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds)} rows/s`);
  }, 300_000);
});
