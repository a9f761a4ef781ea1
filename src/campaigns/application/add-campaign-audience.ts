import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { audiencePriority } from '../domain/value-objects/audience-priority.js';
import { CAMPAIGN_AUDIENCE, type AudienceSource, type CampaignAudience } from './campaign-audience.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';

/** What adding answered (API.md), and the campaign version it produced (the ETag). */
export interface AudienceAdditionResult {
  added: number;
  alreadyPresent: number;
  excluded: { optedOut: number; unreachable: number };
  /** Only for `leadIds`: ids that name no lead of the campaign's brand (unknown and other brands' alike). */
  notFound?: number;
  version: number;
}

/** Adds a snapshot of leads to a campaign's audience (draft, scheduled, active or paused). */
export class AddCampaignAudience extends Command<AudienceAdditionResult> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly source: AudienceSource,
    readonly priority?: number,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class AddCampaignAudienceHandler implements Handler<AddCampaignAudience, AudienceAdditionResult> {
  constructor(
    @inject(CampaignWriter) private readonly writer: CampaignWriter,
    @inject(CAMPAIGN_AUDIENCE) private readonly audience: CampaignAudience,
  ) {}

  /**
   * Lock the campaign, check it may change its audience, take the snapshot with one statement,
   * then let the aggregate record the counts: all in one transaction, so the event, the members
   * and `metrics.totalContacts` always agree.
   */
  async execute(command: AddCampaignAudience): Promise<AudienceAdditionResult> {
    const priority = audiencePriority(command.priority);
    const { result, view } = await this.writer.modifyWith(command, async (campaign, now) => {
      campaign.checkAudienceChange();
      const addition = await this.audience.add({
        campaignId: campaign.id,
        brandId: campaign.brandId,
        channel: campaign.state.channel,
        source: command.source,
        priority,
        now,
      });
      campaign.addToAudience({ ...addition, priority }, now);
      return addition;
    });
    return {
      added: result.added,
      alreadyPresent: result.alreadyPresent,
      excluded: { optedOut: result.excluded.optedOut, unreachable: result.excluded.unreachable },
      ...(result.source.type === 'leadIds' && { notFound: result.source.notFound }),
      version: view.version,
    };
  }
}
