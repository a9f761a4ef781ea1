import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { isUuid, NotFoundError, ValidationError } from '../../../seedwork/domain/index.js';
import type { ExecutionContext, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore, StoredResponse } from '../../../seedwork/infrastructure/idempotency-store.js';
import { allowOnlyQuery, contextOf, HttpError, queryErrors, requireWriter, route } from '../../../seedwork/http/index.js';
import { LeadImportInterruptedError, LeadImportTooLargeError } from '../application/import-leads-errors.js';
import type { LeadImports, OpenedImportFile, PreparedImport } from '../application/import-leads.js';
import { leadImportOptions, type LeadImportOptions } from '../application/import-leads-options.js';
import { GetLeadImport, GetLeadImportRejections } from '../application/import-leads-queries.js';
import { rejectionsCsv } from '../infrastructure/lead-import-errors-csv.js';

export interface LeadImportRoutesDeps {
  imports: LeadImports;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

const UPLOAD_PATH = '/leads/imports';
const VALID_IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The CSV upload brings its own body (text/csv, streamed, never buffered): server.ts lets it past
 * the JSON media-type guard and body parser, and the route checks the media type itself. Matched
 * like Express matches routes (case-insensitive, trailing slash allowed).
 */
export function isLeadImportUpload(req: Request): boolean {
  return req.method === 'POST' && req.path.replace(/\/+$/, '').toLowerCase() === UPLOAD_PATH;
}

/** The query string's options; a parameter that is unknown or repeated is reported once, as such. */
function importOptions(query: Record<string, unknown>): LeadImportOptions {
  const shape = queryErrors(query, ['brandId', 'onDuplicate', 'defaultCountry']);
  const reported = new Set(shape.map((error) => error.field));
  try {
    const options = leadImportOptions(query);
    if (shape.length === 0) return options;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    shape.push(...error.errors.filter((e) => !reported.has(e.field)));
  }
  throw new ValidationError(shape);
}

/** 415 unless the body is text/csv in UTF-8 (a body without a charset parameter is read as UTF-8). */
function requireCsv(req: Request): void {
  const charset = /;\s*charset\s*=\s*"?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (req.is('text/csv') === false || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new HttpError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the file as text/csv in UTF-8');
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'payload-too-large', 'Payload too large', new LeadImportTooLargeError(maxBytes).message);
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !VALID_IDEMPOTENCY_KEY.test(key))) {
    throw new HttpError(400, 'invalid-idempotency-key', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}

const importId = (req: Request): string => {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Lead import', id);
  return id;
};

const locationOf = (id: string) => `/api/v1/leads/imports/${id}`;

/** `/api/v1/leads/imports…`: the CSV import rows of API.md's Leads table. */
export function leadImportRoutes({ imports, queries, uow, idempotency }: LeadImportRoutesDeps): Router {
  const router = Router();

  /**
   * Same key within 24 h (Idempotency-Key): the recorded 202 again when the URL and the body are
   * the same, 422 otherwise. The body is streamed, not kept, so the first import stores its
   * SHA-256 once it has read the whole file, and the replay reads (and hashes) its own body to
   * compare. A first import that failed before the end of its file has no hash: its 202 is
   * answered again, and reading it the client learns that import failed.
   */
  async function replay(res: Response, previous: StoredResponse, urlHash: string, { file }: OpenedImportFile): Promise<void> {
    const reused = new HttpError(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was already used with a different request');
    if (previous.requestHash !== urlHash) throw reused;
    await file.drain();
    const first = await imports.receivedBody((previous.body as { id: string }).id);
    if (first.sha256 === null && first.running) {
      throw new HttpError(409, 'import-still-receiving', 'Conflict with the current state', 'The first request with this Idempotency-Key is still sending its file; ask again once it has');
    }
    if (first.sha256 !== null && first.sha256 !== file.digest()) throw reused;
    res.status(previous.status).set({ ...previous.headers, 'Idempotent-Replayed': 'true' }).json(previous.body);
  }

  /** Creates the import and claims the key in one transaction; the import runs only once it committed. */
  async function accept(
    context: ExecutionContext, options: LeadImportOptions, opened: OpenedImportFile, key: string | undefined, urlHash: string,
  ): Promise<{ kind: 'replay'; previous: StoredResponse } | { kind: 'created'; created: PreparedImport }> {
    let prepared: PreparedImport | undefined;
    try {
      return await uow.run(context, async () => {
        await prepared?.abandon(); // the unit of work retried: the previous attempt's import never existed
        const previous = key === undefined ? null : await idempotency.claim(context.actor.sub, key, urlHash);
        if (previous) return { kind: 'replay', previous };
        const created = await imports.prepare(context, options, opened);
        prepared = created;
        const body = { id: created.id, status: 'running' };
        if (key !== undefined) await idempotency.complete(context.actor.sub, key, { status: 202, body, headers: { Location: locationOf(created.id) } });
        return { kind: 'created', created };
      });
    } catch (error) {
      await prepared?.abandon();
      throw error;
    }
  }

  router.post(UPLOAD_PATH, requireWriter, async (req: Request, res: Response, next: NextFunction) => {
    // One import per connection: an answer given before the whole body was read (an error, or a
    // file that broke midway) closes it instead of reading the rest of a possibly huge upload.
    res.setHeader('Connection', 'close');
    const context = contextOf(res);
    const options = importOptions(req.query as Record<string, unknown>);
    imports.authorize(context, options.brandId);
    requireCsv(req);
    if (Number(req.headers['content-length'] ?? 0) > imports.settings.maxBytes) throw tooLarge(imports.settings.maxBytes);
    const key = idempotencyKey(req);
    const urlHash = createHash('sha256').update(`POST ${req.originalUrl}`).digest('hex');

    let opened: OpenedImportFile;
    try {
      opened = await imports.open(req, { hash: key !== undefined });
    } catch (error) {
      if (error instanceof LeadImportInterruptedError) return; // the client is gone: nobody to answer
      throw error instanceof LeadImportTooLargeError ? tooLarge(error.maxBytes) : error;
    }
    const accepted = await accept(context, options, opened, key, urlHash);
    if (accepted.kind === 'replay') return replay(res, accepted.previous, urlHash, opened);

    // Accepted: the status line and Location go out now, so the client can follow the import while
    // it is still sending the file; the body follows once the whole file has been received.
    const { id } = accepted.created;
    res.writeHead(202, { 'Content-Type': 'application/json; charset=utf-8', Location: locationOf(id) });
    res.flushHeaders();
    const running = accepted.created.run();
    // Unexpected failures (the database...) reach the error handler, which logs them; the answer is already on its way.
    void running.finished.then((summary) => summary.unexpectedError !== undefined && next(summary.unexpectedError));
    res.end(JSON.stringify({ id, status: await running.received }));
  });

  router.get('/leads/imports/:id', route(async (req, res) => {
    allowOnlyQuery(req.query as Record<string, unknown>, []);
    return { status: 200, body: await queries.execute(new GetLeadImport(contextOf(res), importId(req))) };
  }));

  router.get('/leads/imports/:id/errors.csv', async (req: Request, res: Response) => {
    allowOnlyQuery(req.query as Record<string, unknown>, []);
    const id = importId(req);
    const rejections = await queries.execute(new GetLeadImportRejections(contextOf(res), id));
    res.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="lead-import-${id}-errors.csv"` });
    try {
      await pipeline(Readable.from(rejectionsCsv(rejections)), res);
    } catch (error) {
      if (!res.destroyed) throw error; // a client that hung up needs no answer, nor a log line
    }
  });

  return router;
}
