import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectProblem } from '../../support/campaign-requests.js';
import { expectDocumented } from '../../support/lead-requests.js';
import { aMobile, csvText, finishedImport, importFile, upload, type LeadImportResult } from '../../support/lead-import-files.js';

// The import route over HTTP: media type, size limit, broken files, tenancy, idempotency, and a
// body that streams in slowly (progress visible meanwhile) or stops midway.

type Api = ReturnType<typeof client>;

const A = 'imp-http-a';
const B = 'imp-http-b';
const BATCH = 5;
const MAX_BYTES = 8 * 1024;

const goodRows = (n: number) => Array.from({ length: n }, (_, i) => [`Lead${i}`, aMobile().international]);
const fileOf = (rows: string[][]) => csvText([['firstName', 'phone'], ...rows]);

describe('CSV import over HTTP', () => {
  let t: TestApp;
  let managerA: Api;
  let viewerA: Api;
  let admin: Api;
  const saved = { batch: process.env.IMPORT_BATCH_SIZE, max: process.env.IMPORT_MAX_BYTES };

  beforeAll(async () => {
    process.env.IMPORT_BATCH_SIZE = String(BATCH);
    process.env.IMPORT_MAX_BYTES = String(MAX_BYTES);
    t = await startTestApp();
    for (const [name, value] of [['IMPORT_BATCH_SIZE', saved.batch], ['IMPORT_MAX_BYTES', saved.max]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    managerA = client(t.baseUrl, await t.token('brand_manager', [A], 'manager-a'));
    viewerA = client(t.baseUrl, await t.token('viewer', [A], 'viewer-a'));
    admin = client(t.baseUrl, await t.token('admin', [], 'root'));
  });
  afterAll(async () => { await t.close(); });

  const count = async (sql: string, params: unknown[]) => (await t.dataSource.query(sql, params))[0].n as number;
  const leadsOf = (brandId: string) => count(`SELECT count(*)::int AS n FROM leads WHERE brand_id = $1`, [brandId]);
  const importsOf = (brandId: string) => count(`SELECT count(*)::int AS n FROM lead_imports WHERE brand_id = $1`, [brandId]);

  describe('refuses before accepting', () => {
    it('answers 415 to a body that is not UTF-8 text/csv, and keeps JSON routes JSON-only', async () => {
      expectProblem(await managerA('POST', `/api/v1/leads/imports?brandId=${A}`, { phone: '+573001234567' }), 415);
      expectProblem(await upload(managerA, `brandId=${A}`, fileOf(goodRows(1)), { 'content-type': 'text/plain' }), 415);
      expectProblem(await upload(managerA, `brandId=${A}`, fileOf(goodRows(1)), { 'content-type': 'text/csv; charset=iso-8859-1' }), 415, /UTF-8/);
      expectProblem(await managerA('POST', '/api/v1/leads', fileOf(goodRows(1)), { 'content-type': 'text/csv' }), 415);
      expect(await importsOf(A)).toBe(0);
    });

    it('answers 413 when Content-Length is over IMPORT_MAX_BYTES', async () => {
      const big = fileOf(goodRows(400));
      expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BYTES);
      expectProblem(await upload(managerA, `brandId=${A}`, big), 413, /IMPORT_MAX_BYTES/);
      expect(await importsOf(A)).toBe(0);
    });

    it.each([
      ['binary data', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a]), /binary/],
      ['text that is not UTF-8', Buffer.from('firstName,phone\nJos\xe9,+573001234567\n', 'latin1'), /not UTF-8/],
      ['an empty body', Buffer.alloc(0), /empty/],
      ['a header without phone or email', Buffer.from('firstName,lastName\nAna,Pérez\n'), /phone or an email column/],
      ['a repeated column', Buffer.from('phone,Phone\n1,2\n'), /"Phone" appears twice/],
      ['a column that cannot be a custom field', Buffer.from('phone,fecha de nacimiento\n1,2\n'), /"fecha de nacimiento" is neither a lead field/],
    ])('answers 400 to %s, naming the problem', async (_name, body, detail) => {
      const res = await fetch(`${t.baseUrl}/api/v1/leads/imports?brandId=${A}`, {
        method: 'POST', body, headers: { authorization: `Bearer ${await t.token('brand_manager', [A])}`, 'content-type': 'text/csv' },
      });
      const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
      expect({ status: res.status, field: problem.errors?.[0]?.field }).toEqual({ status: 400, field: 'file' });
      expect(problem.errors[0].message).toMatch(detail);
      expect(await importsOf(A)).toBe(0);
    });

    it('answers 400 naming every bad query parameter', async () => {
      const res = expectProblem(await upload(managerA, 'onDuplicate=merge&defaultCountry=XX&extra=1', fileOf(goodRows(1))), 400);
      expect(res.errors!.map((e) => e.field).sort()).toEqual(['brandId', 'defaultCountry', 'extra', 'onDuplicate']);
    });
  });

  describe('tenancy', () => {
    it('answers 403 to an import into a brand the token does not hold, and to a viewer', async () => {
      expectProblem(await upload(managerA, `brandId=${B}`, fileOf(goodRows(1))), 403);
      expectProblem(await upload(viewerA, `brandId=${A}`, fileOf(goodRows(1))), 403);
      expect(await importsOf(B)).toBe(0);
      expect(await leadsOf(B)).toBe(0);
    });

    it('shows an import only within its brand: 404 elsewhere, as for an unknown id', async () => {
      const imported = await importFile(managerA, `brandId=${A}`, fileOf([...goodRows(2), ['Bad', '1']]));
      const managerB = client(t.baseUrl, await t.token('brand_manager', [B]));
      const unknown = expectProblem(await managerB('GET', '/api/v1/leads/imports/0193aaaa-0000-7000-8000-000000000000'), 404);
      expect(expectProblem(await managerB('GET', `/api/v1/leads/imports/${imported.id}`), 404).title).toBe(unknown.title);
      expectProblem(await managerB('GET', `/api/v1/leads/imports/${imported.id}/errors.csv`), 404);
      expectProblem(await managerB('GET', '/api/v1/leads/imports/not-a-uuid'), 404);
      const read = (await viewerA('GET', `/api/v1/leads/imports/${imported.id}`)).body;
      expect(read).toMatchObject({ rowsImported: 2, rowsRejected: 1 });
      expectDocumented('LeadImport', read);
      expect((await admin('GET', `/api/v1/leads/imports/${imported.id}`)).status).toBe(200);
      expect((await viewerA('GET', `/api/v1/leads/imports/${imported.id}/errors.csv`)).status).toBe(200);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the first import again for the same key and file, 422 for another file', async () => {
      const file = fileOf(goodRows(3));
      const headers = { 'idempotency-key': 'imp-key-1' };
      const first = await upload(managerA, `brandId=${A}`, file, headers);
      expect(first.status).toBe(202);
      await finishedImport(managerA, first.body.id);
      const before = { imports: await importsOf(A), leads: await leadsOf(A) };

      const replay = await upload(managerA, `brandId=${A}`, file, headers);
      expect(replay.status).toBe(202);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual({ id: first.body.id, status: 'running' });
      expect(replay.headers.get('location')).toBe(`/api/v1/leads/imports/${first.body.id}`);
      expectProblem(await upload(managerA, `brandId=${A}`, fileOf(goodRows(3)), headers), 422);
      expectProblem(await upload(managerA, `brandId=${A}&onDuplicate=update`, file, headers), 422);
      expect({ imports: await importsOf(A), leads: await leadsOf(A) }).toEqual(before);
    });
  });

  describe('a file that breaks after acceptance', () => {
    it('fails the import on a quote that is never closed, keeping the whole batches before it', async () => {
      const brandId = 'imp-http-quote';
      const manager = client(t.baseUrl, await t.token('brand_manager', [brandId]));
      const file = `${fileOf(goodRows(11))}"Unclosed,+573001112233\n${fileOf(goodRows(3)).split('\n').slice(1).join('\n')}`;
      const result = await importFile(manager, `brandId=${brandId}`, file);
      expect(result).toMatchObject({ status: 'failed', rowsTotal: 10, rowsImported: 10, failureReason: expect.stringMatching(/not valid CSV.*Quote Not Closed/) });
      expect(await leadsOf(brandId)).toBe(10);
    });
  });

  describe('a body that streams in', () => {
    /** A body whose rows the test releases: the header and `first` rows at once, the rest on demand. */
    function slowBody(rows: string[][], first: number) {
      const encoder = new TextEncoder();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(fileOf(rows.slice(0, first))));
        },
        async pull(controller) {
          await released;
          controller.enqueue(encoder.encode(rows.slice(first).map((r) => `${r.join(',')}\n`).join('')));
          controller.close();
        },
      });
      return { body, release };
    }

    const post = async (brandId: string, body: ReadableStream<Uint8Array>, signal?: AbortSignal) => fetch(`${t.baseUrl}/api/v1/leads/imports?brandId=${brandId}`, {
      method: 'POST', body, duplex: 'half', signal, headers: { authorization: `Bearer ${await t.token('admin')}`, 'content-type': 'text/csv' },
    } as RequestInit);

    async function untilProgress(id: string, rows: number): Promise<LeadImportResult> {
      for (;;) {
        const body = (await admin('GET', `/api/v1/leads/imports/${id}`)).body as LeadImportResult;
        if (body.rowsTotal >= rows) return body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it('answers 202 with Location as soon as the header is read, shows progress while the file arrives, and completes', async () => {
      const brandId = 'imp-http-stream';
      const rows = goodRows(40);
      const { body, release } = slowBody(rows, 12);
      const res = await post(brandId, body);
      expect(res.status).toBe(202);
      const location = res.headers.get('location')!;
      const id = location.split('/').pop()!;
      const midway = await untilProgress(id, 10);
      expect(midway).toMatchObject({ status: 'running', rowsTotal: 10, rowsImported: 10 });
      release();
      const answer = await res.json();
      expect(answer).toEqual({ id, status: 'running' });
      expectDocumented('LeadImportAccepted', answer);
      expect(await finishedImport(admin, id)).toMatchObject({ status: 'completed', rowsTotal: 40, rowsImported: 40 });
    });

    it('fails the import when a body sent without Content-Length grows past IMPORT_MAX_BYTES', async () => {
      const brandId = 'imp-http-size';
      const { body, release } = slowBody(goodRows(400), 12);
      const res = await post(brandId, body);
      expect(res.status).toBe(202);
      const id = res.headers.get('location')!.split('/').pop()!;
      await untilProgress(id, 10);
      release();
      expect(await res.json()).toEqual({ id, status: 'failed' });
      const result = await finishedImport(admin, id);
      expect(result.failureReason).toMatch(/larger than the import limit of 8192 bytes \(IMPORT_MAX_BYTES\)/);
      expect(result).toMatchObject({ status: 'failed', rowsTotal: 10, rowsImported: 10 });
      expect(await leadsOf(brandId)).toBe(10);
    });

    it('fails the import when the client stops sending midway; what it committed stays whole', async () => {
      const brandId = 'imp-http-abort';
      const { body } = slowBody(goodRows(40), 17);
      const aborter = new AbortController();
      const res = await post(brandId, body, aborter.signal);
      const id = res.headers.get('location')!.split('/').pop()!;
      await untilProgress(id, 15);
      aborter.abort();
      const result = await finishedImport(admin, id);
      expect(result).toMatchObject({ status: 'failed', rowsTotal: 15, rowsImported: 15, failureReason: expect.stringMatching(/interrupted/) });
      expect(await leadsOf(brandId)).toBe(15);
      expect(await count(`SELECT count(*)::int AS n FROM domain_events WHERE brand_id = $1 AND event_type = 'LeadCreated'`, [brandId])).toBe(15);
    });
  });
});
