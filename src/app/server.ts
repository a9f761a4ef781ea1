import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CLOCK, UNIT_OF_WORK, type UnitOfWork } from '../../seedwork/application/index.js';
import type { Clock } from '../../seedwork/domain/index.js';
import { IdempotencyStore } from '../../seedwork/infrastructure/idempotency-store.js';
import { migrationsApplied } from '../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { readOutboxLag } from '../../seedwork/infrastructure/messaging/index.js';
import { accessLog, authenticate, correlationId, errorHandler, HttpError, rateLimitPerCaller, type AuthConfig } from '../../seedwork/http/index.js';
import { campaignRoutes } from '../campaigns/index.js';
import { isLeadImportUpload, LeadImports, leadImportRoutes, leadRoutes, segmentRoutes } from '../audience/index.js';
import { reportingRoutes } from '../reporting/index.js';
import { channelWebhookRoutes, deliveryRoutes, senderRoutes } from '../dispatch/index.js';
import { voiceCallRoutes } from '../calls/index.js';
import type { AppContainer } from './container.js';
import { mountDocs } from './openapi/docs.js';

export interface ServerOptions {
  app: AppContainer;
  /** Whether a relay publishes the log to Pulsar (reported by /health/ready). */
  publishing: boolean;
  dataSource: DataSource;
  logger: Logger;
  auth: AuthConfig;
  bodyLimit: string;
  /** API requests per caller and minute before 429 (0: no limit). */
  rateLimitPerMinute: number;
}

/** Bodies are JSON; anything else sent to a JSON route is a 415, not a silent empty body. */
const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    throw new HttpError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json');
  }
  next();
};

export const API_PREFIX = '/api/v1';

/** Every module's API router, mounted under API_PREFIX (also read by the OpenAPI coverage test). */
export function apiRouters(app: AppContainer): Router[] {
  const uow = app.container.get<UnitOfWork>(UNIT_OF_WORK);
  const idempotency = app.container.get(IdempotencyStore);
  const clock = app.container.get<Clock>(CLOCK);
  return [
    campaignRoutes({ clock, commands: app.commands, queries: app.queries, uow, idempotency }),
    leadRoutes({ commands: app.commands, queries: app.queries, uow, idempotency }),
    segmentRoutes({ commands: app.commands, queries: app.queries, uow, idempotency }),
    leadImportRoutes({ imports: app.container.get(LeadImports), queries: app.queries, uow, idempotency }),
    reportingRoutes({ queries: app.queries }),
    senderRoutes({ commands: app.commands, queries: app.queries, uow, idempotency }),
    deliveryRoutes({ queries: app.queries }),
    voiceCallRoutes({ commands: app.commands, queries: app.queries, uow, idempotency }),
  ];
}

/** The HTTP application: health, docs, and the authenticated `/api/v1`. */
export function createServer({ app, publishing, dataSource, logger, auth, bodyLimit, rateLimitPerMinute }: ServerOptions): Express {
  const db = app.container.get(Database);
  const server = express();
  server.disable('x-powered-by');
  server.set('etag', false); // ETags carry resource versions (API.md), never body hashes
  server.set('query parser', 'simple');
  server.use(correlationId);
  server.use(accessLog(logger));

  server.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.get('/health/ready', async (_req, res) => {
    const checks: Record<string, unknown> = {};
    try {
      await dataSource.query('SELECT 1');
      checks.database = 'ok';
      checks.migrations = (await migrationsApplied(dataSource)) ? 'ok' : 'pending';
    } catch {
      checks.database = 'unreachable';
    }
    // The relay's lag is reported, never a reason to fail: the API works while Pulsar is down.
    if (checks.database === 'ok') checks.outbox = { publishing: publishing ? 'enabled' : 'disabled (PULSAR_URL not set)', ...(await readOutboxLag(db)) };
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks });
  });
  mountDocs(server);
  // Provider callbacks: outside /api/v1, no JWT; each route verifies its provider's signature.
  server.use(channelWebhookRoutes(app.container));

  const api = express.Router();
  // The CSV import streams its own text/csv body (and checks its media type): JSON guard and parser stand aside for it.
  const jsonBody = [requireJson, express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] })]
    .map((handler): RequestHandler => (req, res, next) => (isLeadImportUpload(req) ? next() : handler(req, res, next)));
  api.use(authenticate(auth), rateLimitPerCaller(rateLimitPerMinute), ...jsonBody);
  for (const router of apiRouters(app)) api.use(router);
  server.use(API_PREFIX, api);

  server.use((req) => {
    throw new HttpError(404, 'no-such-route', 'Not found', `No route ${req.method} ${req.path}`);
  });
  server.use(errorHandler(logger));
  return server;
}
