import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { MetricsChange } from '../domain/value-objects/campaign-metrics.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';
import type { CampaignView } from './campaign-view.js';

export class ReportCampaignMetrics extends Command<CampaignView> implements CampaignTarget {
  constructor(
    context: CampaignTarget['context'],
    readonly id: string,
    readonly change: MetricsChange,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class ReportCampaignMetricsHandler implements Handler<ReportCampaignMetrics, CampaignView> {
  constructor(@inject(CampaignWriter) private readonly writer: CampaignWriter) {}

  /** Increments are applied to the current value inside the locked unit of work, so concurrent reports never lose one. */
  execute(command: ReportCampaignMetrics): Promise<CampaignView> {
    return this.writer.modify(command, (campaign, now) => campaign.reportMetrics(command.change, now));
  }
}
