import { Router, type Request } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  contextOf, encodeCursor, etag, expectedVersion, idempotent, parseBody, requireWriter, route,
  type HttpResult,
} from '../../../seedwork/http/index.js';
import type { LeadStage } from '../domain/lead-state.js';
import { CreateLead } from '../application/create-lead.js';
import { UpdateLead } from '../application/update-lead.js';
import { ChangeLeadStage } from '../application/change-lead-stage.js';
import { ChangeLeadScore } from '../application/change-lead-score.js';
import { AssignLead } from '../application/assign-lead.js';
import { ChangeLeadConsent } from '../application/change-lead-consent.js';
import { GetLead } from '../application/get-lead.js';
import { ListLeads } from '../application/list-leads.js';
import type { LeadView } from '../application/lead-view.js';
import { AssignLeadDto, ChangeScoreDto, ChangeStageDto, ConsentDto, CreateLeadDto, UpdateLeadDto } from './lead.dto.js';
import { createRequest, listQuery, scoreChange, updateRequest } from './lead.requests.js';

export interface LeadRoutesDeps {
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

/** A path id that is not a UUID cannot name a lead: 404, like any unknown id. */
function leadId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Lead', id);
  return id;
}

function represent(view: LeadView, status = 200): HttpResult {
  return { status, body: view, headers: { ETag: etag(view.version) } };
}

const query = (req: Request) => req.query as Record<string, unknown>;

/** `/api/v1/leads…`: the Leads table of API.md, except the CSV imports. */
export function leadRoutes({ commands, queries, uow, idempotency }: LeadRoutesDeps): Router {
  const router = Router();
  const write = (fn: Parameters<typeof route>[0]) => [requireWriter, idempotent(uow, idempotency, fn)];

  router.post('/leads', ...write(async (req, res) => {
    const { input, defaultCountry } = createRequest(parseBody(CreateLeadDto, req.body), query(req));
    const view = await commands.execute(new CreateLead(contextOf(res), input, defaultCountry));
    return { ...represent(view, 201), headers: { ETag: etag(view.version), Location: `/api/v1/leads/${view.id}` } };
  }));

  router.get('/leads', route(async (req, res) => {
    const { filter, limit, after } = listQuery(query(req));
    const page = await queries.execute(new ListLeads(contextOf(res), filter, limit, after));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ ...page.next }) } };
  }));

  router.get('/leads/:id', route(async (req, res) => represent(await queries.execute(new GetLead(contextOf(res), leadId(req))))));

  router.patch('/leads/:id', requireWriter, route(async (req, res) => {
    const { changes, defaultCountry } = updateRequest(parseBody(UpdateLeadDto, req.body), query(req));
    return represent(await commands.execute(new UpdateLead(contextOf(res), leadId(req), changes, defaultCountry, expectedVersion(req))));
  }));

  router.post('/leads/:id/stage', ...write(async (req, res) => {
    const dto = parseBody(ChangeStageDto, req.body);
    return represent(await commands.execute(new ChangeLeadStage(contextOf(res), leadId(req), dto.stage as LeadStage, dto.reason, expectedVersion(req))));
  }));

  router.post('/leads/:id/score', ...write(async (req, res) => {
    const change = scoreChange(parseBody(ChangeScoreDto, req.body));
    return represent(await commands.execute(new ChangeLeadScore(contextOf(res), leadId(req), change, expectedVersion(req))));
  }));

  router.post('/leads/:id/assign', ...write(async (req, res) => {
    const dto = parseBody(AssignLeadDto, req.body);
    return represent(await commands.execute(new AssignLead(contextOf(res), leadId(req), dto.assignedTo, expectedVersion(req))));
  }));

  // No body (or `{}`) means every channel; a body with unknown fields is still refused.
  for (const [path, action] of [['opt-out', 'optOut'], ['opt-in', 'optIn']] as const) {
    router.post(`/leads/:id/${path}`, ...write(async (req, res) => {
      const { channels, reason } = parseBody(ConsentDto, req.body ?? {});
      return represent(await commands.execute(new ChangeLeadConsent(contextOf(res), leadId(req), { action, channels, reason }, expectedVersion(req))));
    }));
  }

  return router;
}
