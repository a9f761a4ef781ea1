import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { LeadWriter, type LeadTarget } from './lead-writer.js';
import type { LeadView } from './lead-view.js';

export class AssignLead extends Command<LeadView> implements LeadTarget {
  constructor(
    context: LeadTarget['context'],
    readonly id: string,
    readonly assignedTo: string | null,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class AssignLeadHandler implements Handler<AssignLead, LeadView> {
  constructor(@inject(LeadWriter) private readonly writer: LeadWriter) {}

  execute(command: AssignLead): Promise<LeadView> {
    return this.writer.modify(command, (lead, now) => lead.assign(command.assignedTo, now));
  }
}
