import { Router } from 'express';
import { NotFoundError, isUuid } from '../../../seedwork/domain/index.js';
import type { QueryBus } from '../../../seedwork/application/index.js';
import { contextOf, encodeCursor, route, statusListQuery } from '../../../seedwork/http/index.js';
import { ListCampaignDeliveries } from '../application/list-campaign-deliveries.js';
import { DELIVERY_STATUSES } from '../domain/delivery-status.js';

const isDeliveryCursor = (k: Record<string, unknown>): k is { l: string } => typeof k.l === 'string' && isUuid(k.l);

/** `GET /api/v1/campaigns/{id}/deliveries`: a campaign's deliveries (API.md, "Senders, deliveries and calls"). */
export function deliveryRoutes({ queries }: { queries: QueryBus }): Router {
  const router = Router();

  router.get('/campaigns/:id/deliveries', route(async (req, res) => {
    const id = String(req.params.id);
    // Not a UUID: no such campaign, like an unknown id.
    if (!isUuid(id)) throw new NotFoundError('Campaign', id);
    const { status, limit, after } = statusListQuery(req.query as Record<string, unknown>, DELIVERY_STATUSES, isDeliveryCursor);
    const page = await queries.execute(new ListCampaignDeliveries(contextOf(res), id, status, limit, after?.l));
    return { status: 200, body: { items: page.items, nextCursor: page.next && encodeCursor({ l: page.next.leadId }) } };
  }));

  return router;
}
