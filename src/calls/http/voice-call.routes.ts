import { Router, type Request } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  contextOf, encodeCursor, etag, expectedVersion, idempotent, requireWriter, route, statusListQuery, type HttpResult, type RouteFn,
} from '../../../seedwork/http/index.js';
import { CALL_STATUSES } from '../domain/voice-call-state.js';
import { GetVoiceCall } from '../application/get-voice-call.js';
import { ListVoiceCalls } from '../application/list-voice-calls.js';
import { AttachCallTranscript } from '../application/attach-call-transcript.js';
import { SummarizeCall } from '../application/summarize-call.js';
import type { CallOwner } from '../application/voice-call-read-model.js';
import type { VoiceCallView } from '../application/voice-call-view.js';
import { summaryRequest, transcriptRequest } from './voice-call.requests.js';

export interface VoiceCallRoutesDeps {
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

/** A path id that is not a UUID cannot name anything: 404, like any unknown id. */
function pathId(req: Request, resource: string): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError(resource, id);
  return id;
}

function represent(view: VoiceCallView): HttpResult {
  return { status: 200, body: view, headers: { ETag: etag(view.version) } };
}

const isCallCursor = (k: Record<string, unknown>): k is { c: string } => typeof k.c === 'string' && isUuid(k.c);

/** `/api/v1/calls…`, and the calls of a campaign and of a lead (API.md, "Senders, deliveries and calls"). */
export function voiceCallRoutes({ commands, queries, uow, idempotency }: VoiceCallRoutesDeps): Router {
  const router = Router();
  const write = (fn: RouteFn) => [requireWriter, idempotent(uow, idempotency, fn)];
  const list = (kind: CallOwner['kind'], resource: string): RouteFn => async (req, res) => {
    const owner = { kind, id: pathId(req, resource) };
    const { status, limit, after } = statusListQuery(req.query as Record<string, unknown>, CALL_STATUSES, isCallCursor);
    const page = await queries.execute(new ListVoiceCalls(contextOf(res), owner, status, limit, after?.c));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ c: page.next.id }) } };
  };

  router.get('/calls/:id', route(async (req, res) => represent(await queries.execute(new GetVoiceCall(contextOf(res), pathId(req, 'VoiceCall'))))));
  router.get('/campaigns/:id/calls', route(list('campaign', 'Campaign')));
  router.get('/leads/:id/calls', route(list('lead', 'Lead')));

  router.post('/calls/:id/transcript', ...write(async (req, res) => {
    const transcript = transcriptRequest(req.body);
    return represent(await commands.execute(new AttachCallTranscript(contextOf(res), pathId(req, 'VoiceCall'), transcript, expectedVersion(req))));
  }));

  router.post('/calls/:id/summary', ...write(async (req, res) => {
    const summary = summaryRequest(req.body);
    return represent(await commands.execute(new SummarizeCall(contextOf(res), pathId(req, 'VoiceCall'), summary, expectedVersion(req))));
  }));

  return router;
}
