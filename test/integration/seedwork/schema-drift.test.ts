import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { migrations } from '../../../src/migrations/index.js';
import { entities } from '../../../src/app/entities.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('migrations and TypeORM mappings', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, migrations, entities });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('describe the same columns (TypeORM would generate no migration)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('leave nothing pending after the service migrated', async () => {
    expect(await ds.showMigrations()).toBe(false);
  });
});
