import path from 'node:path';
import { pulsarConfigFromEnv, type PulsarConfig } from '../../seedwork/infrastructure/messaging/index.js';

export type Role = 'all' | 'api' | 'worker';

export interface Config {
  role: Role;
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL under `dataDir` is started. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  dbPoolSize: number;
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  logLevel: string;
  schedulerIntervalMs: number;
  bodyLimit: string;
  /** API requests per caller and minute before 429; 0: no limit. */
  rateLimitPerMinute: number;
  /** Unset without PULSAR_URL: events stay in the log until a relay with a broker runs. */
  pulsar?: PulsarConfig;
}

/** Configuration problems, all of them, so an operator fixes everything in one go. */
export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    if (!protocols.includes(new URL(raw).protocol)) problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return raw;
}

/** Reads the environment (documented in README's configuration table). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: Role = 'all'): Config {
  const problems: string[] = [];
  const config: Config = {
    role,
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535, problems),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 20, 1, 500, problems),
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET || undefined,
      jwksUrl: url(env, 'AUTH_JWKS_URL', ['https:', 'http:'], problems),
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    },
    logLevel: env.LOG_LEVEL || 'info',
    schedulerIntervalMs: integer(env, 'SCHEDULER_INTERVAL_MS', 1000, 50, 3_600_000, problems),
    bodyLimit: env.BODY_LIMIT || '1mb',
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 100_000_000, problems),
    pulsar: undefined,
  };
  try {
    config.pulsar = pulsarConfigFromEnv(env);
  } catch (error) {
    problems.push(`Pulsar settings: ${(error as Error).message}`);
  }
  if (config.auth.jwtSecret !== undefined && config.auth.jwtSecret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit key)');
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
