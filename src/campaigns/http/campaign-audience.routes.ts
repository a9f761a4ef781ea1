import type { Request, Router } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { CommandBus, QueryBus, UnitOfWork } from '../../../seedwork/application/index.js';
import type { IdempotencyStore } from '../../../seedwork/infrastructure/idempotency-store.js';
import {
  contextOf, decodeCursor, encodeCursor, etag, expectedVersion, idempotent, parseBody, parseLimit, requireWriter, route,
} from '../../../seedwork/http/index.js';
import { AddCampaignAudience } from '../application/add-campaign-audience.js';
import { RemoveCampaignAudienceMember } from '../application/remove-campaign-audience-member.js';
import { ListCampaignAudience } from '../application/list-campaign-audience.js';
import { AddAudienceDto } from './campaign-audience.dto.js';
import { audienceRequest, audienceStatusFilter } from './campaign-audience.requests.js';

export interface CampaignAudienceRoutesDeps {
  commands: CommandBus;
  queries: QueryBus;
  uow: UnitOfWork;
  idempotency: IdempotencyStore;
}

function campaignId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Campaign', id);
  return id;
}

const isAudienceCursor = (k: Record<string, unknown>): k is { l: string } => typeof k.l === 'string' && isUuid(k.l);

/**
 * `/api/v1/campaigns/{id}/audience…`: the Campaign audience table of API.md. Added to the
 * campaign router itself (not a nested one) so route listings, like the OpenAPI check, see them.
 */
export function addCampaignAudienceRoutes(router: Router, { commands, queries, uow, idempotency }: CampaignAudienceRoutesDeps): void {
  router.post('/campaigns/:id/audience', requireWriter, idempotent(uow, idempotency, async (req, res) => {
    const { source, priority } = audienceRequest(parseBody(AddAudienceDto, req.body));
    const { version, ...body } = await commands.execute(new AddCampaignAudience(contextOf(res), campaignId(req), source, priority, expectedVersion(req)));
    return { status: 200, body, headers: { ETag: etag(version) } };
  }));

  router.get('/campaigns/:id/audience', route(async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const status = audienceStatusFilter(query);
    const after = decodeCursor(query.cursor, isAudienceCursor);
    const page = await queries.execute(new ListCampaignAudience(contextOf(res), campaignId(req), status, parseLimit(query.limit), after && { leadId: after.l }));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ l: page.next.leadId }) } };
  }));

  router.delete('/campaigns/:id/audience/:leadId', requireWriter, route(async (req, res) => {
    const id = campaignId(req);
    const leadId = String(req.params.leadId);
    // Not a UUID: no such member; the campaign is still checked first, so another brand's stays hidden.
    await commands.execute(new RemoveCampaignAudienceMember(contextOf(res), id, leadId, expectedVersion(req)));
    return { status: 204 };
  }));
}
