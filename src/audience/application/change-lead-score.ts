import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { ScoreChange } from '../domain/value-objects/score.js';
import { LeadWriter, type LeadTarget } from './lead-writer.js';
import type { LeadView } from './lead-view.js';

export class ChangeLeadScore extends Command<LeadView> implements LeadTarget {
  constructor(
    context: LeadTarget['context'],
    readonly id: string,
    readonly change: ScoreChange,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class ChangeLeadScoreHandler implements Handler<ChangeLeadScore, LeadView> {
  constructor(@inject(LeadWriter) private readonly writer: LeadWriter) {}

  /** A delta is applied to the current score inside the locked unit of work, so concurrent deltas never lose one. */
  execute(command: ChangeLeadScore): Promise<LeadView> {
    return this.writer.modify(command, (lead, now) => lead.changeScore(command.change, now));
  }
}
