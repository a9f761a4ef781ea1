import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { signToken } from '../../src/app/auth-secret.js';
import type { BenchDatabase } from './support/postgres.js';
import { startNode, waitForHttp } from './support/processes.js';
import type { BenchRow } from './support/report.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const PORT = 3903;
const BRAND = 'bench';
const HEADER = 'firstName,lastName,phone,email,timezone,region,tags,score,stage,specialty,budget';
const STAGES = ['new', 'profiling', 'financial_qualification', 'meeting_scheduled', 'follow_up'];
const REGIONS = ['andina', 'caribe', 'pacifico', 'orinoquia', 'amazonia'];

function rowCount(): number {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1 || rows > 9_000_000) throw new Error('BENCH_IMPORT_ROWS must be an integer from 1 to 9,000,000');
  return rows;
}

/** A realistic contact list: distinct mobiles, quoted values with commas, accents, tags, custom fields. */
async function writeCsv(file: string, rows: number): Promise<void> {
  async function* lines(): AsyncIterable<string> {
    yield `${HEADER}\n`;
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const mobile = String(1_000_000 + i);
      const lastName = i % 10 === 0 ? '"Pérez, hijo"' : 'Pérez';
      chunk += `Ana ${i},${lastName},+57 3${String(i % 3).padStart(2, '0')} ${mobile},ana.${i}@example.com,America/Bogota,${REGIONS[i % 5]},vip;gold,${i % 101},${STAGES[i % 5]},anesthesiology,${i * 10}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  await pipeline(lines, createWriteStream(file));
}

const BARE_TABLE = `CREATE TABLE bare_leads (first_name text, last_name text, phone text, email text, timezone text, region text,
  tags text, score text, stage text, specialty text, budget text)`;

/** `psql \copy` of the file into a bare table (no index, no constraint), timed from outside the process. */
async function psqlCopy(url: string, file: string): Promise<{ seconds: number; note: string }> {
  const command = `\\copy bare_leads FROM '${file}' WITH (FORMAT csv, HEADER true)`;
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) =>
      execFile('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', command], (error, _out, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve())));
    return { seconds: (performance.now() - started) / 1000, note: 'psql \\copy' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`psql \\copy failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  // No psql on PATH: the same COPY FROM STDIN, fed by this process.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const fallbackStarted = performance.now();
  await pipeline(createReadStream(file), client.query(copyFrom(`COPY bare_leads FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const seconds = (performance.now() - fallbackStarted) / 1000;
  await client.end();
  return { seconds, note: 'psql not on PATH: COPY FROM STDIN via pg-copy-streams from the bench process' };
}

/** POSTs the file as the body (streamed, with Content-Length) and returns the import id from Location. */
function upload(file: string, size: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1', port: PORT, method: 'POST', path: `/api/v1/leads/imports?brandId=${BRAND}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': size },
    }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => (response.statusCode === 202 ? resolve(JSON.parse(body).id as string) : reject(new Error(`import answered ${response.statusCode}: ${body}`))));
    });
    request.on('error', reject);
    createReadStream(file).pipe(request);
  });
}

interface ImportResult {
  status: string;
  rowsTotal: number;
  rowsImported: number;
  failureReason: string | null;
}

async function finished(id: string, token: string): Promise<ImportResult> {
  for (;;) {
    const result = await (await fetch(`http://127.0.0.1:${PORT}/api/v1/leads/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json() as ImportResult;
    if (result.status !== 'running') return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Issue 4: a generated CSV (1,000,000 rows; BENCH_IMPORT_ROWS) imported through the HTTP endpoint
 * of the service process, from the first byte sent to the import completed, against `psql \copy`
 * of the same file into a bare table in the same database; and the service's peak RSS.
 */
export async function leadImportBench(db: BenchDatabase): Promise<BenchRow[]> {
  const rows = rowCount();
  const url = await db.create('bench_lead_import');
  const dir = await mkdtemp(path.join(tmpdir(), 'cms-bench-import-'));
  const file = path.join(dir, 'leads.csv');
  const service = startNode('dist/src/app/main.js', { DATABASE_URL: url, PORT: String(PORT), AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }, ['--role', 'api']);
  try {
    await writeCsv(file, rows);
    const { size } = await stat(file);
    await waitForHttp(`http://127.0.0.1:${PORT}/health/ready`);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(BARE_TABLE);
    const peer = await psqlCopy(url, file);

    const token = await signToken(SECRET, { sub: 'bench', role: 'brand_manager', brands: [BRAND], expiresIn: '2h' });
    const started = performance.now();
    const result = await finished(await upload(file, size, token), token);
    const seconds = (performance.now() - started) / 1000;
    const [{ leads, events }] = (await admin.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE brand_id = $1) AS leads, (SELECT count(*)::int FROM domain_events WHERE brand_id = $1) AS events`,
      [BRAND],
    )).rows;
    const [{ copied }] = (await admin.query(`SELECT count(*)::int AS copied FROM bare_leads`)).rows;
    await admin.end();
    if (result.status !== 'completed' || result.rowsImported !== rows || leads !== rows || events !== rows || copied !== rows) {
      throw new Error(`lead import benchmark inconsistent: ${JSON.stringify({ result, leads, events, copied, rows })}`);
    }
    const mb = (bytes: number) => bytes / (1024 * 1024);
    return [
      {
        name: 'lead CSV import (HTTP, to completed)',
        ours: rows / seconds,
        unit: 'rows/s',
        peer: { name: peer.note, value: rows / peer.seconds },
        goal: { min: 0.5, on: 'ratio' },
        note: `${rows.toLocaleString('en-US')} rows, ${mb(size).toFixed(0)} MB: ${seconds.toFixed(1)} s vs ${peer.seconds.toFixed(1)} s; validated leads (8 indexes, 2 GIN) + LeadCreated events (4 indexes) vs text into a bare table`,
      },
      { name: 'lead CSV import peak RSS (service)', ours: mb(service.peakRss()), unit: 'MB', goal: { max: 300, on: 'value' }, note: 'API process, sampled every 200 ms' },
    ];
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
