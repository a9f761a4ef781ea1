import { inject, injectable } from 'inversify';
import { BusinessRuleError, NotFoundError } from '../../../seedwork/domain/index.js';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { CAMPAIGN_AUDIENCE, type CampaignAudience } from './campaign-audience.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';

/** Removes one lead from a campaign's audience while it has not been attempted. */
export class RemoveCampaignAudienceMember extends Command<void> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly leadId: string,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class RemoveCampaignAudienceMemberHandler implements Handler<RemoveCampaignAudienceMember, void> {
  constructor(
    @inject(CampaignWriter) private readonly writer: CampaignWriter,
    @inject(CAMPAIGN_AUDIENCE) private readonly audience: CampaignAudience,
  ) {}

  async execute(command: RemoveCampaignAudienceMember): Promise<void> {
    const { leadId } = command;
    await this.writer.modifyWith(command, async (campaign, now) => {
      campaign.checkAudienceChange();
      const removal = await this.audience.remove({ campaignId: campaign.id, brandId: campaign.brandId, leadId });
      if (removal.outcome === 'absent') throw new NotFoundError('Audience member', leadId);
      if (removal.outcome === 'attempted') {
        throw new BusinessRuleError(
          `Cannot remove lead ${leadId} from the audience: its status is '${removal.status}' after ${removal.attempts} attempt(s); only members not yet attempted can be removed`,
        );
      }
      campaign.removeFromAudience(leadId, removal, now);
    });
  }
}
