import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { CAMPAIGN_READ_MODEL, type CampaignCursor, type CampaignListFilter, type CampaignReadModel } from './campaign-read-model.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';

export interface CampaignPage {
  items: CampaignView[];
  next: CampaignCursor | null;
}

export class ListCampaigns extends Query<CampaignPage> {
  constructor(context: ExecutionContext, readonly filter: CampaignListFilter, readonly limit: number, readonly after?: CampaignCursor) {
    super(context);
  }
}

@injectable()
export class ListCampaignsHandler implements Handler<ListCampaigns, CampaignPage> {
  constructor(@inject(CAMPAIGN_READ_MODEL) private readonly campaigns: CampaignReadModel) {}

  async execute({ context, filter, limit, after }: ListCampaigns): Promise<CampaignPage> {
    const rows = await this.campaigns.list(filter, brandScopeOf(context.actor), limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toCampaignView(r.state)),
      next: rows.length > limit ? page[page.length - 1]!.cursor : null,
    };
  }
}
