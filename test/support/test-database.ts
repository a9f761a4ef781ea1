import 'reflect-metadata';
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { migrations } from '../../src/migrations/index.js';

// Named after the migrations' source: a server shared by several checkouts or branches (the
// machine's TEST_DATABASE_URL) never hands one a template migrated by another's migrations.
const TEMPLATE = `cms_test_template_${createHash('sha256').update(migrations.map(String).join('\n')).digest('hex').slice(0, 12)}`;
// Any fixed number: serialises the template's creation across Jest workers.
const TEMPLATE_LOCK = 727_001;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error('TEST_SERVER_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  return url;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensureTemplate(admin: pg.Client): Promise<void> {
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate`, [TEMPLATE]);
  if (rowCount) return;
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const ds = createDataSource({ url: withDatabase(serverUrl(), TEMPLATE), migrations, poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  // Marked as template only once fully migrated, so a crash mid-way is redone next time.
  await admin.query(`ALTER DATABASE ${TEMPLATE} WITH IS_TEMPLATE true`);
}

/** A fresh, fully migrated database for one test file (a clone of the migrated template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cms_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_advisory_lock($1)`, [TEMPLATE_LOCK]);
    await ensureTemplate(admin);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
    await admin.query(`SELECT pg_advisory_unlock($1)`, [TEMPLATE_LOCK]);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl(), name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
