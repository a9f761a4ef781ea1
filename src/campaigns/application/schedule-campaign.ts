import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';
import type { CampaignView } from './campaign-view.js';

export class ScheduleCampaign extends Command<CampaignView> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly startAt: Date,
    readonly endAt: Date | null,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class ScheduleCampaignHandler implements Handler<ScheduleCampaign, CampaignView> {
  constructor(@inject(CampaignWriter) private readonly writer: CampaignWriter) {}

  execute(command: ScheduleCampaign): Promise<CampaignView> {
    return this.writer.modify(command, (campaign, now) => campaign.schedule(command.startAt, command.endAt, now));
  }
}
