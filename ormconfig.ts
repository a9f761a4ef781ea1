// The DataSource the TypeORM CLI uses (`npm run migrate`, `typeorm migration:show -d dist/ormconfig.js`).
import 'reflect-metadata';
import { createDataSource } from './seedwork/infrastructure/database/data-source.js';
import { migrations } from './src/migrations/index.js';
import { entities } from './src/app/entities.js';

export default createDataSource({
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  migrations,
  entities,
});
