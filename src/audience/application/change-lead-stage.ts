import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { LeadStage } from '../domain/lead-state.js';
import { LeadWriter, type LeadTarget } from './lead-writer.js';
import type { LeadView } from './lead-view.js';

export class ChangeLeadStage extends Command<LeadView> implements LeadTarget {
  constructor(
    context: LeadTarget['context'],
    readonly id: string,
    readonly stage: LeadStage,
    readonly reason?: string,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class ChangeLeadStageHandler implements Handler<ChangeLeadStage, LeadView> {
  constructor(@inject(LeadWriter) private readonly writer: LeadWriter) {}

  execute(command: ChangeLeadStage): Promise<LeadView> {
    return this.writer.modify(command, (lead, now) => lead.moveToStage(command.stage, command.reason, now));
  }
}
