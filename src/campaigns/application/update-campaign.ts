import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { CampaignChanges } from '../domain/campaign.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';
import type { CampaignView } from './campaign-view.js';

export class UpdateCampaign extends Command<CampaignView> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly changes: CampaignChanges,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class UpdateCampaignHandler implements Handler<UpdateCampaign, CampaignView> {
  constructor(@inject(CampaignWriter) private readonly writer: CampaignWriter) {}

  execute(command: UpdateCampaign): Promise<CampaignView> {
    return this.writer.modify(command, (campaign, now) => campaign.update(command.changes, now));
  }
}
