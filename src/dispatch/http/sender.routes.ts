import { Router, type Request } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  contextOf, encodeCursor, etag, expectedVersion, idempotent, parseBodyReportingAll, requireWriter, route,
  type HttpResult,
} from '../../../seedwork/http/index.js';
import { CreateSender } from '../application/create-sender.js';
import { UpdateSender } from '../application/update-sender.js';
import { DeleteSender } from '../application/delete-sender.js';
import { GetSender } from '../application/get-sender.js';
import { ListSenders } from '../application/list-senders.js';
import type { SenderView } from '../application/sender-view.js';
import { CreateSenderDto, UpdateSenderDto } from './sender.dto.js';
import { checkCreateValues, checkUpdateValues, createInput, listQuery, updateChanges } from './sender.requests.js';

export interface SenderRoutesDeps {
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

/** A path id that is not a UUID cannot name a sender: 404, like any unknown id. */
function senderId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Sender', id);
  return id;
}

function represent(view: SenderView, status = 200): HttpResult {
  return { status, body: view, headers: { ETag: etag(view.version) } };
}

/** `/api/v1/senders…`: senders of API.md ("Senders, deliveries and calls"). */
export function senderRoutes({ commands, queries, uow, idempotency }: SenderRoutesDeps): Router {
  const router = Router();

  router.post('/senders', requireWriter, idempotent(uow, idempotency, async (req, res) => {
    const dto = parseBodyReportingAll(CreateSenderDto, req.body, checkCreateValues);
    const view = await commands.execute(new CreateSender(contextOf(res), createInput(dto)));
    return { ...represent(view, 201), headers: { ETag: etag(view.version), Location: `/api/v1/senders/${view.id}` } };
  }));

  router.get('/senders', route(async (req, res) => {
    const { filter, limit, after } = listQuery(req.query as Record<string, unknown>);
    const page = await queries.execute(new ListSenders(contextOf(res), filter, limit, after));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ ...page.next }) } };
  }));

  router.get('/senders/:id', route(async (req, res) => represent(await queries.execute(new GetSender(contextOf(res), senderId(req))))));

  router.patch('/senders/:id', requireWriter, route(async (req, res) => {
    const changes = updateChanges(parseBodyReportingAll(UpdateSenderDto, req.body, checkUpdateValues));
    return represent(await commands.execute(new UpdateSender(contextOf(res), senderId(req), changes, expectedVersion(req))));
  }));

  router.delete('/senders/:id', requireWriter, route(async (req, res) => {
    await commands.execute(new DeleteSender(contextOf(res), senderId(req), expectedVersion(req)));
    return { status: 204 };
  }));

  return router;
}
