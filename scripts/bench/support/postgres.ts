import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../../seedwork/infrastructure/database/embedded-postgres.js';

export interface BenchDatabase {
  /** URL of a fresh database for one benchmark. */
  create(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL when set, else an embedded PostgreSQL with default durability
 * (fsync on): benchmarks measure what a real deployment would see.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => undefined;
  if (!serverUrl) {
    const root = await mkdtemp(path.join(tmpdir(), 'cms-bench-pg-'));
    await chmod(root, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: path.join(root, 'data'), port: 54400 + Math.floor(Math.random() * 500), postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=512MB'] });
    serverUrl = db.url;
    stop = async () => {
      await db.stop();
      await rm(root, { recursive: true, force: true });
    };
  }
  const base = serverUrl;
  return {
    async create(name) {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}
