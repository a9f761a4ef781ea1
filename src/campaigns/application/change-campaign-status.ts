import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { ActivationReason, FinishReason } from '../domain/campaign-lifecycle.js';
import type { Campaign } from '../domain/campaign.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';
import type { CampaignView } from './campaign-view.js';

/** The lifecycle moves that take no data beyond an optional reason. */
export type StatusChange =
  | { action: 'activate'; reason: ActivationReason }
  | { action: 'pause'; reason?: string }
  | { action: 'resume' }
  | { action: 'finish'; reason: FinishReason }
  | { action: 'cancel'; reason?: string };

export class ChangeCampaignStatus extends Command<CampaignView> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly change: StatusChange,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

function apply(campaign: Campaign, change: StatusChange, now: Date): void {
  switch (change.action) {
    case 'activate': return campaign.activate(now, change.reason);
    case 'pause': return campaign.pause(now, change.reason);
    case 'resume': return campaign.resume(now);
    case 'finish': return campaign.finish(now, change.reason);
    case 'cancel': return campaign.cancel(now, change.reason);
  }
}

@injectable()
export class ChangeCampaignStatusHandler implements Handler<ChangeCampaignStatus, CampaignView> {
  constructor(@inject(CampaignWriter) private readonly writer: CampaignWriter) {}

  execute(command: ChangeCampaignStatus): Promise<CampaignView> {
    return this.writer.modify(command, (campaign, now) => apply(campaign, command.change, now));
  }
}
