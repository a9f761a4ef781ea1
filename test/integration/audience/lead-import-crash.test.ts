import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { migrations } from '../../../src/migrations/index.js';
import { buildContainer } from '../../../src/app/container.js';
import { LeadImports } from '../../../src/audience/index.js';
import { client, startTestApp, TestClock, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { csvText, finishedImport } from '../../support/lead-import-files.js';

// A process that dies in the middle of an import (SIGKILL: no cleanup of any kind) leaves whole
// batches behind and an import that still says `running`, until another process looks: the
// import's connection, and with it its liveness lock, died with the process. A live import,
// whose process holds that lock, is never failed by anyone else.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BATCH = 500;

const rows = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => [`Crash ${i}`, `+57 311 ${prefix}${String(i).padStart(6, '0')}`]);

describe('an import whose process dies', () => {
  let database: TestDatabase;
  let db: pg.Client;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    dir = await mkdtemp(path.join(tmpdir(), 'lead-import-crash-'));
  });
  afterAll(async () => {
    await db.end();
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  });

  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];

  it('is failed as soon as another process reads it, and what it committed is whole batches with their events', async () => {
    const file = path.join(dir, 'leads.csv');
    await writeFile(file, csvText([['firstName', 'phone'], ...rows(60_000, '1')]));
    // The command-line import, run from the TypeScript sources in a process of its own.
    const child = spawn(process.execPath, ['--import', path.join(ROOT, 'test/support/register-typescript.mjs'), path.join(ROOT, 'src/audience/infrastructure/lead-import.cli.ts'), '--brand', 'crash', '--file', file], {
      cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: database.url, IMPORT_BATCH_SIZE: String(BATCH) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

    const deadline = Date.now() + 150_000;
    while ((await one(`SELECT coalesce(max(rows_total), 0) AS n FROM lead_imports`)).n < 3 * BATCH) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the import did not get going:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const stranded = await one(`SELECT id, status, rows_total, rows_imported FROM lead_imports`);
    expect(stranded.status).toBe('running');
    expect(stranded.rows_total % BATCH).toBe(0);
    expect(stranded.rows_total).toBeLessThan(60_000);
    const written = await one(
      `SELECT (SELECT count(*)::int FROM leads WHERE brand_id = 'crash') AS leads,
              (SELECT count(*)::int FROM domain_events WHERE brand_id = 'crash' AND event_type = 'LeadCreated' AND aggregate_version = 1) AS events`,
    );
    expect(written).toEqual({ leads: stranded.rows_imported, events: stranded.rows_imported });
    expect(stranded.rows_imported).toBe(stranded.rows_total);

    // "Restart": a new process of the service reads the import.
    const restarted = await startTestApp({ database });
    try {
      const api = client(restarted.baseUrl, await restarted.token('admin'));
      const { body } = await api('GET', `/api/v1/leads/imports/${stranded.id}`);
      expect(body).toMatchObject({ status: 'failed', rowsTotal: stranded.rows_total, failureReason: expect.stringMatching(/process running the import stopped/) });
      expect(body.finishedAt).not.toBeNull();
      expect(await restarted.app.container.get(LeadImports).failAbandoned()).toBe(0);
    } finally {
      await restarted.close();
    }
  }, 200_000);

  it('leaves a live import of another process alone', async () => {
    let live: TestApp | undefined;
    const other = createDataSource({ url: database.url, migrations, poolSize: 2 });
    await other.initialize();
    try {
      live = await startTestApp({ database });
      // A body that stops after 12 rows until released: the import is running, its process alive.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(csvText([['firstName', 'phone'], ...rows(12, '2')])));
        },
        async pull(controller) {
          await released;
          controller.close();
        },
      });
      const res = await fetch(`${live.baseUrl}/api/v1/leads/imports?brandId=alive`, {
        method: 'POST', body, duplex: 'half', headers: { authorization: `Bearer ${await live.token('admin')}`, 'content-type': 'text/csv' },
      } as RequestInit);
      const id = res.headers.get('location')!.split('/').pop()!;

      // Another process sweeps, and reads the import: both find its owner alive.
      const sweeper = buildContainer(other, new TestClock()).container.get(LeadImports);
      expect(await sweeper.failAbandoned()).toBe(0);
      const elsewhere = await startTestApp({ database });
      try {
        const api = client(elsewhere.baseUrl, await elsewhere.token('admin'));
        expect((await api('GET', `/api/v1/leads/imports/${id}`)).body.status).toBe('running');
      } finally {
        await elsewhere.close();
      }

      release();
      expect(await res.json()).toEqual({ id, status: 'running' });
      expect(await finishedImport(client(live.baseUrl, await live.token('admin')), id)).toMatchObject({ status: 'completed', rowsImported: 12 });
    } finally {
      await live?.close();
      await other.destroy();
    }
  }, 60_000);
});
