import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { pino, type Logger } from 'pino';
import type { Clock } from '../../seedwork/domain/index.js';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { migrations } from '../../src/migrations/index.js';
import { entities } from '../../src/app/entities.js';
import { buildContainer, type AppContainer } from '../../src/app/container.js';
import { createServer } from '../../src/app/server.js';
import { signToken } from '../../src/app/auth-secret.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-23T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  baseUrl: string;
  clock: TestClock;
  dataSource: DataSource;
  app: AppContainer;
  database: TestDatabase;
  /** Bearer token for a role and brands. */
  token(role: 'admin' | 'brand_manager' | 'viewer', brands?: string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

/** The whole HTTP application on a fresh database, listening on a free port. */
export async function startTestApp(options: { database?: TestDatabase; logger?: Logger; rateLimitPerMinute?: number } = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const dataSource = createDataSource({ url: database.url, migrations, entities, poolSize: 10 });
  await dataSource.initialize();
  const clock = new TestClock();
  const app = buildContainer(dataSource, clock);
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const http = createServer({ app, publishing: false, dataSource, logger, auth: { jwtSecret: TEST_JWT_SECRET }, bodyLimit: '1mb',
    // Off unless a test is about it: suites send thousands of requests with one token.
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0 });
  const server = await new Promise<Server>((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    dataSource,
    app,
    database,
    token: (role, brands = [], sub = `user-${role}`) => signToken(TEST_JWT_SECRET, { sub, role, brands, expiresIn: '1h' }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await dataSource.destroy();
      if (!options.database) await database.drop();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client bound to one token. */
export function client(baseUrl: string, token?: string) {
  return async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}
