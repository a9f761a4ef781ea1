import type { DataSource, Migration } from 'typeorm';

// Any fixed number, the same in every process of the service.
const MIGRATION_LOCK = 727_000;

/**
 * Applies pending migrations while holding an advisory lock: TypeORM itself does not lock, so
 * API and worker processes starting together would otherwise race to create the same tables.
 */
export async function migrateExclusively(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
