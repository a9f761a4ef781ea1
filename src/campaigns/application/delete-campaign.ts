import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { CampaignWriter, type CampaignTarget } from './campaign-writer.js';

export class DeleteCampaign extends Command<void> implements CampaignTarget {
  constructor(context: CampaignTarget['context'], readonly id: string, readonly expectedVersion?: number) {
    super(context);
  }
}

@injectable()
export class DeleteCampaignHandler implements Handler<DeleteCampaign, void> {
  constructor(@inject(CampaignWriter) private readonly writer: CampaignWriter) {}

  execute(command: DeleteCampaign): Promise<void> {
    return this.writer.remove(command);
  }
}
