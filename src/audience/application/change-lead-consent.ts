import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { LeadWriter, type LeadTarget } from './lead-writer.js';
import type { LeadView } from './lead-view.js';

/** Opt-out or opt-in; `channels` left out means every channel. */
export interface ConsentChange {
  readonly action: 'optOut' | 'optIn';
  readonly channels?: readonly string[];
  readonly reason?: string;
}

export class ChangeLeadConsent extends Command<LeadView> implements LeadTarget {
  constructor(
    context: LeadTarget['context'],
    readonly id: string,
    readonly change: ConsentChange,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class ChangeLeadConsentHandler implements Handler<ChangeLeadConsent, LeadView> {
  constructor(@inject(LeadWriter) private readonly writer: LeadWriter) {}

  /** Takes effect for every campaign at once: dispatch checks consent at claim and send time. */
  execute(command: ChangeLeadConsent): Promise<LeadView> {
    const { action, channels, reason } = command.change;
    return this.writer.modify(command, (lead, now) =>
      action === 'optOut' ? lead.optOut(channels, reason, now) : lead.optIn(channels, reason, now));
  }
}
