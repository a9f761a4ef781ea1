import { Router, type Request } from 'express';
import { NotFoundError, isUuid, type Clock } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  allowOnlyQuery, contextOf, decodeCursor, encodeCursor, etag, expectedVersion, idempotent, parseBody, parseBodyReportingAll, parseLimit, requireEmptyBody, requireWriter, route,
  type HttpResult,
} from '../../../seedwork/http/index.js';
import { CreateCampaign } from '../application/create-campaign.js';
import { UpdateCampaign } from '../application/update-campaign.js';
import { DeleteCampaign } from '../application/delete-campaign.js';
import { ScheduleCampaign } from '../application/schedule-campaign.js';
import { ChangeCampaignStatus, type StatusChange } from '../application/change-campaign-status.js';
import { ReportCampaignMetrics } from '../application/report-campaign-metrics.js';
import { GetCampaign } from '../application/get-campaign.js';
import { ListCampaigns } from '../application/list-campaigns.js';
import { GetCampaignEvents } from '../application/get-campaign-events.js';
import type { CampaignView } from '../application/campaign-view.js';
import type { CampaignCursor } from '../application/campaign-read-model.js';
import { CreateCampaignDto, ReasonDto, ReportMetricsDto, ScheduleCampaignDto, UpdateCampaignDto } from './campaign.dto.js';
import { checkValues, createInput, listFilter, metricsChange, updateChanges } from './campaign.requests.js';
import { addCampaignAudienceRoutes } from './campaign-audience.routes.js';

export interface CampaignRoutesDeps {
  clock: Clock;
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

/** A path id that is not a UUID cannot name a campaign: 404, like any unknown id. */
function campaignId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Campaign', id);
  return id;
}

function represent(view: CampaignView, status = 200): HttpResult {
  return { status, body: view, headers: { ETag: etag(view.version) } };
}

const isCampaignCursor = (k: Record<string, unknown>): k is CampaignCursor & Record<string, unknown> =>
  (k.rank === 0 || k.rank === 1) && typeof k.createdAt === 'string' && !Number.isNaN(Date.parse(k.createdAt)) && typeof k.id === 'string' && isUuid(k.id);

const isVersionCursor = (k: Record<string, unknown>): k is { v: number } => Number.isInteger(k.v) && (k.v as number) >= 0;

/** `/api/v1/campaigns…`: the Campaigns table of API.md. */
export function campaignRoutes({ clock, commands, queries, uow, idempotency }: CampaignRoutesDeps): Router {
  const router = Router();
  const write = (fn: Parameters<typeof route>[0]) => [requireWriter, idempotent(uow, idempotency, fn)];

  router.post('/campaigns', ...write(async (req, res) => {
    const dto = parseBodyReportingAll(CreateCampaignDto, req.body, (rest) => checkValues(rest, clock.now()));
    const view = await commands.execute(new CreateCampaign(contextOf(res), createInput(dto)));
    return { ...represent(view, 201), headers: { ETag: etag(view.version), Location: `/api/v1/campaigns/${view.id}` } };
  }));

  router.get('/campaigns', route(async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const page = await queries.execute(new ListCampaigns(contextOf(res), listFilter(query), parseLimit(query.limit), decodeCursor(query.cursor, isCampaignCursor)));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ ...page.next }) } };
  }));

  router.get('/campaigns/:id', route(async (req, res) => represent(await queries.execute(new GetCampaign(contextOf(res), campaignId(req))))));

  router.patch('/campaigns/:id', requireWriter, route(async (req, res) => {
    const changes = updateChanges(parseBodyReportingAll(UpdateCampaignDto, req.body, (rest) => checkValues(rest, clock.now())));
    return represent(await commands.execute(new UpdateCampaign(contextOf(res), campaignId(req), changes, expectedVersion(req))));
  }));

  router.delete('/campaigns/:id', requireWriter, route(async (req, res) => {
    await commands.execute(new DeleteCampaign(contextOf(res), campaignId(req), expectedVersion(req)));
    return { status: 204 };
  }));

  router.post('/campaigns/:id/schedule', ...write(async (req, res) => {
    const dto = parseBody(ScheduleCampaignDto, req.body);
    const command = new ScheduleCampaign(contextOf(res), campaignId(req), new Date(dto.startAt), dto.endAt ? new Date(dto.endAt) : null, expectedVersion(req));
    return represent(await commands.execute(command));
  }));

  const statusRoute = (path: string, toChange: (req: Request) => StatusChange) =>
    router.post(`/campaigns/:id/${path}`, ...write(async (req, res) =>
      represent(await commands.execute(new ChangeCampaignStatus(contextOf(res), campaignId(req), toChange(req), expectedVersion(req))))));

  // An action without a body is fine; a body with unknown fields is not.
  const body = (req: Request) => req.body ?? {};
  statusRoute('activate', (req) => (requireEmptyBody(req.body), { action: 'activate', reason: 'manual' }));
  statusRoute('pause', (req) => ({ action: 'pause', reason: parseBody(ReasonDto, body(req)).reason }));
  statusRoute('resume', (req) => (requireEmptyBody(req.body), { action: 'resume' }));
  statusRoute('finish', (req) => (requireEmptyBody(req.body), { action: 'finish', reason: 'manual' }));
  statusRoute('cancel', (req) => ({ action: 'cancel', reason: parseBody(ReasonDto, body(req)).reason }));

  router.post('/campaigns/:id/metrics', ...write(async (req, res) => {
    const change = metricsChange(parseBody(ReportMetricsDto, req.body));
    return represent(await commands.execute(new ReportCampaignMetrics(contextOf(res), campaignId(req), change, expectedVersion(req))));
  }));

  router.get('/campaigns/:id/events', route(async (req, res) => {
    const query = req.query as Record<string, unknown>;
    allowOnlyQuery(query, ['limit', 'cursor']);
    const after = decodeCursor(query.cursor, isVersionCursor)?.v ?? 0;
    const page = await queries.execute(new GetCampaignEvents(contextOf(res), campaignId(req), parseLimit(query.limit), after));
    return { status: 200, body: { items: page.items, nextCursor: page.nextVersion === null ? null : encodeCursor({ v: page.nextVersion }) } };
  }));

  addCampaignAudienceRoutes(router, { commands, queries, uow, idempotency });
  return router;
}
