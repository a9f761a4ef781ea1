import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface DataSourceOptions {
  url: string;
  migrations: MixedList<Function>;
  entities?: MixedList<EntitySchema>;
  poolSize?: number;
  applicationName?: string;
}

/** A PostgreSQL DataSource; schema changes come only from migrations, never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 20,
    applicationName: options.applicationName ?? 'campaign-service',
  });
}

/** True when every known migration has been applied. */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
