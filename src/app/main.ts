import 'reflect-metadata';
import { Command, Option } from 'commander';
import path from 'node:path';
import type { Server } from 'node:http';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../seedwork/infrastructure/database/embedded-postgres.js';
import { migrateExclusively } from '../../seedwork/infrastructure/database/migrate.js';
import { migrations } from '../migrations/index.js';
import { entities } from './entities.js';
import { ConfigError, loadConfig, type Role } from './config.js';
import { createLogger, flushLogs } from './logger.js';
import { buildContainer } from './container.js';
import { createServer } from './server.js';
import { startWorker } from './worker.js';
import { SystemClock } from './system-clock.js';
import { localJwtSecret, signToken } from './auth-secret.js';

const program = new Command()
  .name('campaign-service')
  .description('Campaign management service: API, and worker (scheduler, outbox relay to Pulsar)')
  .addOption(new Option('--role <role>', 'which roles this process runs').choices(['all', 'api', 'worker']).default('all'))
  .parse();

async function main(): Promise<void> {
  const config = loadConfig(process.env, program.opts<{ role: Role }>().role);
  const logger = createLogger(config.logLevel);

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort });
    databaseUrl = embedded.url;
  }

  const auth = { ...config.auth };
  const localAuth = !auth.jwtSecret && !auth.jwksUrl;
  if (localAuth) auth.jwtSecret = await localJwtSecret(config.dataDir);

  const dataSource = createDataSource({ url: databaseUrl, migrations, entities, poolSize: config.dbPoolSize });
  await dataSource.initialize();
  const applied = await migrateExclusively(dataSource);
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');

  const app = buildContainer(dataSource, new SystemClock());
  let server: Server | undefined;
  if (config.role !== 'worker') {
    const http = createServer({ app, publishing: config.pulsar !== undefined, dataSource, logger, auth, bodyLimit: config.bodyLimit, rateLimitPerMinute: config.rateLimitPerMinute });
    server = await new Promise<Server>((resolve) => {
      const s = http.listen(config.port, config.host, () => resolve(s));
    });
    // A large CSV import streams for minutes; Node's default 300 s request timeout would cut it off.
    server.requestTimeout = 60 * 60 * 1000;
    logger.info({ port: config.port, role: config.role }, `API listening on http://localhost:${config.port} (docs at /docs)`);
    if (localAuth) {
      const token = await signToken(auth.jwtSecret!, { sub: 'local-admin', role: 'admin', brands: [], expiresIn: '30d' });
      // Printed plainly (not as a log field) so a first-time user can copy it.
      process.stdout.write(`\nAUTH_JWT_SECRET is not set: local secret kept in ${path.join(config.dataDir, 'jwt-secret')}.\nAdmin token (30 days):\n\n  ${token}\n\nMore tokens: npm run token -- --role brand_manager --brand acme\n\n`);
    }
  }
  const worker = config.role !== 'api' ? await startWorker(app, config, databaseUrl, logger) : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await worker?.stop();
    await dataSource.destroy();
    await embedded?.stop();
    flushLogs(logger);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});
