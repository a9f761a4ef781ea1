import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { CAMPAIGN_READ_MODEL, type CampaignReadModel } from './campaign-read-model.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';

export class GetCampaign extends Query<CampaignView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetCampaignHandler implements Handler<GetCampaign, CampaignView> {
  constructor(@inject(CAMPAIGN_READ_MODEL) private readonly campaigns: CampaignReadModel) {}

  async execute({ context, id }: GetCampaign): Promise<CampaignView> {
    const state = await this.campaigns.findById(id, brandScopeOf(context.actor));
    if (!state) throw new NotFoundError('Campaign', id);
    return toCampaignView(state);
  }
}
