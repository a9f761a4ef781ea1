import { inject, injectable } from 'inversify';
import { Command, UNIT_OF_WORK, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { CallSummaryInput } from '../domain/call-summary.js';
import { LeadOutcomeApplier } from './lead-outcome-applier.js';
import { VoiceCallWriter, type VoiceCallTarget } from './voice-call-writer.js';
import type { VoiceCallView } from './voice-call-view.js';

export class SummarizeCall extends Command<VoiceCallView> implements VoiceCallTarget {
  constructor(
    context: VoiceCallTarget['context'],
    readonly id: string,
    readonly summary: CallSummaryInput,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class SummarizeCallHandler implements Handler<SummarizeCall, VoiceCallView> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(VoiceCallWriter) private readonly writer: VoiceCallWriter,
    @inject(LeadOutcomeApplier) private readonly leads: LeadOutcomeApplier,
  ) {}

  /** The summary and the lead's stage and score change in one transaction; a repeated summary moves the lead no further. */
  execute(command: SummarizeCall): Promise<VoiceCallView> {
    return this.uow.run(command.context, async () => {
      const { view, recorded } = await this.writer.modify(command, (call, now) => call.summarize(command.summary, now));
      if (recorded.length > 0 && view.outcome) await this.leads.apply(command.context, view.leadId, view.id, view.outcome);
      return view;
    });
  }
}
