import { Router, type Request } from 'express';
import { isUuid, NotFoundError } from '../../../seedwork/domain/index.js';
import type { QueryBus } from '../../../seedwork/application/index.js';
import { allowOnlyQuery, contextOf, route } from '../../../seedwork/http/index.js';
import { GetCampaignReport } from '../application/get-campaign-report.js';
import { GetCampaignStats } from '../application/get-campaign-stats.js';

export interface ReportingRoutesDeps {
  queries: QueryBus;
}

/** A path id that is not a UUID names no campaign: 404, like an unknown one. */
function campaignId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError('Campaign', id);
  return id;
}

/** `/api/v1/reports/…` and `/api/v1/campaigns/{id}/stats`: read-only, so any role holding the brand may call them. */
export function reportingRoutes({ queries }: ReportingRoutesDeps): Router {
  const router = Router();

  router.get('/reports/campaigns', route(async (req, res) => {
    const query = req.query as Record<string, unknown>;
    allowOnlyQuery(query, ['brandId']);
    const brandId = typeof query.brandId === 'string' ? query.brandId : undefined;
    return { status: 200, body: await queries.execute(new GetCampaignReport(contextOf(res), brandId)) };
  }));

  router.get('/campaigns/:id/stats', route(async (req, res) => {
    allowOnlyQuery(req.query as Record<string, unknown>, []);
    return { status: 200, body: await queries.execute(new GetCampaignStats(contextOf(res), campaignId(req))) };
  }));

  return router;
}
