import { inject, injectable } from 'inversify';
import { ForbiddenError, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { Campaign, type CreateCampaignInput } from '../domain/campaign.js';
import { CAMPAIGN_REPOSITORY, type CampaignRepository } from '../domain/campaign-repository.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';

export class CreateCampaign extends Command<CampaignView> {
  constructor(context: ExecutionContext, readonly input: CreateCampaignInput) {
    super(context);
  }
}

@injectable()
export class CreateCampaignHandler implements Handler<CreateCampaign, CampaignView> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(CAMPAIGN_REPOSITORY) private readonly repository: CampaignRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, input }: CreateCampaign): Promise<CampaignView> {
    if (typeof input.brandId === 'string' && !scopeIncludes(brandScopeOf(context.actor), input.brandId)) {
      throw new ForbiddenError(`You may not create campaigns for brand '${input.brandId}'`);
    }
    // One INSERT of the row and its events: atomic without a transaction around it.
    return this.uow.runOptimistic(context, async () => {
      const campaign = Campaign.create(input, this.clock.now());
      await this.repository.add(campaign);
      return toCampaignView(campaign.state);
    });
  }
}
