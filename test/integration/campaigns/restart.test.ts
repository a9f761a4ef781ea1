import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../seedwork/infrastructure/database/embedded-postgres.js';
import { migrations } from '../../../src/migrations/index.js';
import { buildContainer } from '../../../src/app/container.js';
import { createServer } from '../../../src/app/server.js';
import { signToken } from '../../../src/app/auth-secret.js';
import { client, TestClock, TEST_JWT_SECRET } from '../../support/test-app.js';
import { aFullCampaign, giveAudience } from '../../support/campaign-requests.js';

const BRAND = 'rs-brand';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface RunningService {
  baseUrl: string;
  dataSource: DataSource;
  appliedMigrations: string[];
  stop(): Promise<void>;
}

/** What `npm start` does without DATABASE_URL: embedded PostgreSQL on the data dir, migrations, API. */
async function startService(dataDir: string, port: number, clock: TestClock): Promise<RunningService> {
  let database: EmbeddedDatabase | undefined;
  let dataSource: DataSource | undefined;
  try {
    database = await startEmbeddedPostgres({ dataDir, port });
    dataSource = createDataSource({ url: database.url, migrations, poolSize: 4 });
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const http = createServer({
      publishing: false,
      app: buildContainer(dataSource, clock), dataSource, logger: pino({ level: 'silent' }), auth: { jwtSecret: TEST_JWT_SECRET }, bodyLimit: '1mb', rateLimitPerMinute: 0,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = http.listen(0, '127.0.0.1', () => resolve(s));
    });
    const ds = dataSource;
    const db = database;
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      dataSource: ds,
      appliedMigrations: applied.map((m) => m.name),
      async stop() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await ds.destroy();
        await db.stop();
      },
    };
  } catch (error) {
    await dataSource?.destroy().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    throw error;
  }
}

describe('restarting the service on the same data directory', () => {
  let root: string;
  let running: RunningService | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cms-restart-'));
    // mkdtemp makes a 0700 folder; as root, PostgreSQL runs as `postgres` and must be able to enter it.
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    await running?.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it('keeps campaigns and their events across a full stop and start (PostgreSQL included)', async () => {
    const dataDir = path.join(root, 'postgres');
    const port = await freePort();
    const clock = new TestClock();
    const token = await signToken(TEST_JWT_SECRET, { sub: 'restart-user', role: 'brand_manager', brands: [BRAND], expiresIn: '1h' });

    running = await startService(dataDir, port, clock);
    expect(running.appliedMigrations).toHaveLength(migrations.length);
    let api = client(running.baseUrl, token);
    const created = await api('POST', '/api/v1/campaigns', aFullCampaign({ brandId: BRAND }));
    expect(created.status).toBe(201);
    await giveAudience({ clock, dataSource: running.dataSource }, api, created.body.id, BRAND, 3);
    clock.advance(60_000);
    expect((await api('POST', `/api/v1/campaigns/${created.body.id}/activate`)).status).toBe(200);
    clock.advance(60_000);
    expect((await api('POST', `/api/v1/campaigns/${created.body.id}/metrics`, { salesCount: 2, salesAmount: '12.34' })).status).toBe(200);
    const before = await api('GET', `/api/v1/campaigns/${created.body.id}`);
    const eventsBefore = await api('GET', `/api/v1/campaigns/${created.body.id}/events`);
    const listBefore = await api('GET', '/api/v1/campaigns');
    expect(before.body).toMatchObject({ status: 'active', version: 4, metrics: { totalContacts: 3, pending: 3, salesCount: 2, salesAmount: '12.34' } });
    expect(eventsBefore.body.items).toHaveLength(4);
    await running.stop();
    running = undefined;

    // PostgreSQL itself is down: nothing listens on its port any more.
    await expect(new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve('connected'); });
      socket.once('error', reject);
    })).rejects.toThrow(/ECONNREFUSED/);

    running = await startService(dataDir, port, clock);
    // The schema is already there: no migration runs twice.
    expect(running.appliedMigrations).toEqual([]);
    api = client(running.baseUrl, token);
    const after = await api('GET', `/api/v1/campaigns/${created.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect((await api('GET', `/api/v1/campaigns/${created.body.id}/events`)).body).toEqual(eventsBefore.body);
    expect((await api('GET', '/api/v1/campaigns')).body).toEqual(listBefore.body);

    // And it keeps working from where it was.
    clock.advance(60_000);
    const paused = await api('POST', `/api/v1/campaigns/${created.body.id}/pause`, { reason: 'after restart' });
    expect(paused.body).toMatchObject({ status: 'paused', version: 5 });
    // The audience survived too.
    expect((await api('GET', `/api/v1/campaigns/${created.body.id}/audience`)).body.items).toHaveLength(3);
  });
});
