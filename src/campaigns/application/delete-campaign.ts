import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';
import { CAMPAIGN_AUDIENCE, type CampaignAudience } from './campaign-audience.js';

export class DeleteCampaign extends Command<void> implements CampaignTarget {
  constructor(context: CampaignTarget['context'], readonly id: string, readonly expectedVersion?: number) {
    super(context);
  }
}

@injectable()
export class DeleteCampaignHandler implements Handler<DeleteCampaign, void> {
  constructor(
    @inject(CampaignWriter) private readonly writer: CampaignWriter,
    @inject(CAMPAIGN_AUDIENCE) private readonly audience: CampaignAudience,
  ) {}

  /** A draft was never sent to anyone: its audience goes with it (the events keep its history). */
  execute(command: DeleteCampaign): Promise<void> {
    return this.writer.remove(command, (campaign) => this.audience.clear({ campaignId: campaign.id, brandId: campaign.brandId }));
  }
}
