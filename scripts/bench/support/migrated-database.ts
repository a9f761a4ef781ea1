import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { migrateExclusively } from '../../../seedwork/infrastructure/database/migrate.js';
import { migrations } from '../../../src/migrations/index.js';
import type { BenchDatabase } from './postgres.js';

/** A fresh database with the service's schema, and a DataSource on it. */
export async function migratedDatabase(db: BenchDatabase, name: string): Promise<{ url: string; dataSource: DataSource }> {
  const url = await db.create(name);
  const dataSource = createDataSource({ url, migrations, poolSize: 10 });
  await dataSource.initialize();
  await migrateExclusively(dataSource);
  return { url, dataSource };
}
