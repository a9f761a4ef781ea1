import 'reflect-metadata';
import path from 'node:path';
import pg from 'pg';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { startEmbeddedPostgres } from '../../../seedwork/infrastructure/database/embedded-postgres.js';
import { migrateExclusively } from '../../../seedwork/infrastructure/database/migrate.js';
import { migrations } from '../../migrations/index.js';
import type { Config } from '../config.js';

export interface CliDatabase {
  readonly url: string;
  close(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The service's database for a command-line tool, migrated: DATABASE_URL, else the embedded
 * PostgreSQL of a running `npm start` on EMBEDDED_PG_PORT, else that embedded cluster started
 * here (and stopped again by `close`).
 */
export async function openCliDatabase(config: Config): Promise<CliDatabase> {
  let url = config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embeddedPostgresPort}/postgres`;
  let stop = async (): Promise<void> => undefined;
  if (!config.databaseUrl && !(await answers(url))) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort });
    url = embedded.url;
    stop = () => embedded.stop();
  }
  // Two connections: migrateExclusively holds one for its lock while the migrations run on another.
  const dataSource = createDataSource({ url, migrations, poolSize: 2, applicationName: 'campaign-service-cli' });
  await dataSource.initialize();
  try {
    await migrateExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return { url, close: stop };
}
