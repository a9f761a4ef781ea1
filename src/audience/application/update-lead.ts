import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { LeadChanges } from '../domain/lead.js';
import type { CountryCode } from '../domain/value-objects/phone.js';
import { LeadWriter, type LeadTarget } from './lead-writer.js';
import type { LeadView } from './lead-view.js';

/** PATCH: changes contact fields; a national phone number is read in `defaultCountry`. */
export class UpdateLead extends Command<LeadView> implements LeadTarget {
  constructor(
    context: LeadTarget['context'],
    readonly id: string,
    readonly changes: LeadChanges,
    readonly defaultCountry?: CountryCode,
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class UpdateLeadHandler implements Handler<UpdateLead, LeadView> {
  constructor(@inject(LeadWriter) private readonly writer: LeadWriter) {}

  execute(command: UpdateLead): Promise<LeadView> {
    return this.writer.modify(command, (lead, now) => lead.update(command.changes, now, command.defaultCountry));
  }
}
