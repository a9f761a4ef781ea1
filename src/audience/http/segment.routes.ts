import { Router, type Request } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  allowOnlyQuery, contextOf, decodeCursor, encodeCursor, etag, expectedVersion, idempotent, parseBodyReportingAll, parseLimit, requireWriter, route,
  type HttpResult,
} from '../../../seedwork/http/index.js';
import { CreateSegment } from '../application/create-segment.js';
import { DeleteSegment } from '../application/delete-segment.js';
import { GetSegment } from '../application/get-segment.js';
import { ListSegments } from '../application/list-segments.js';
import { ListPredefinedSegments } from '../application/list-predefined-segments.js';
import { PreviewSegment } from '../application/preview-segment.js';
import type { SegmentView } from '../application/segment-view.js';
import type { SegmentCursor } from '../domain/segment-repository.js';
import { CreateSegmentDto, PreviewSegmentDto } from './segment.dto.js';
import { checkSegmentValues, segmentListFilter } from './segment.requests.js';

export interface SegmentRoutesDeps {
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

/** A path id that is not a UUID cannot name a saved segment: 404, like any unknown id. */
function segmentId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Segment', id);
  return id;
}

function represent(view: SegmentView, status = 200): HttpResult {
  return { status, body: view, headers: { ETag: etag(view.version) } };
}

const isSegmentCursor = (k: Record<string, unknown>): k is SegmentCursor & Record<string, unknown> =>
  typeof k.createdAt === 'string' && !Number.isNaN(Date.parse(k.createdAt)) && typeof k.id === 'string' && isUuid(k.id);

const query = (req: Request) => req.query as Record<string, unknown>;

/** `/api/v1/segments…`: the Segments table of API.md. */
export function segmentRoutes({ commands, queries, uow, idempotency }: SegmentRoutesDeps): Router {
  const router = Router();
  const write = (fn: Parameters<typeof route>[0]) => [requireWriter, idempotent(uow, idempotency, fn)];

  // A preview reads only, so viewers may run it; still a POST, so Idempotency-Key applies as on any POST.
  router.post('/segments/preview', idempotent(uow, idempotency, async (req, res) => {
    const dto = parseBodyReportingAll(PreviewSegmentDto, req.body, checkSegmentValues);
    return { status: 200, body: await queries.execute(new PreviewSegment(contextOf(res), { brandId: dto.brandId, criteria: dto.criteria, channel: dto.channel })) };
  }));

  router.get('/segments/predefined', route(async (req, res) => {
    allowOnlyQuery(query(req), []);
    return { status: 200, body: { items: await queries.execute(new ListPredefinedSegments(contextOf(res))), nextCursor: null } };
  }));

  router.post('/segments', ...write(async (req, res) => {
    const dto = parseBodyReportingAll(CreateSegmentDto, req.body, checkSegmentValues);
    const view = await commands.execute(new CreateSegment(contextOf(res), { brandId: dto.brandId, name: dto.name, criteria: dto.criteria }));
    return { ...represent(view, 201), headers: { ETag: etag(view.version), Location: `/api/v1/segments/${view.id}` } };
  }));

  router.get('/segments', route(async (req, res) => {
    const q = query(req);
    const page = await queries.execute(new ListSegments(contextOf(res), segmentListFilter(q), parseLimit(q.limit), decodeCursor(q.cursor, isSegmentCursor)));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ ...page.next }) } };
  }));

  router.get('/segments/:id', route(async (req, res) => represent(await queries.execute(new GetSegment(contextOf(res), segmentId(req))))));

  router.delete('/segments/:id', requireWriter, route(async (req, res) => {
    await commands.execute(new DeleteSegment(contextOf(res), segmentId(req), expectedVersion(req)));
    return { status: 204 };
  }));

  return router;
}
