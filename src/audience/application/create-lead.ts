import { inject, injectable } from 'inversify';
import { ForbiddenError, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { Lead, type CreateLeadInput } from '../domain/lead.js';
import { LEAD_REPOSITORY, type LeadRepository } from '../domain/lead-repository.js';
import type { CountryCode } from '../domain/value-objects/phone.js';
import { toLeadView, type LeadView } from './lead-view.js';

export class CreateLead extends Command<LeadView> {
  constructor(context: ExecutionContext, readonly input: CreateLeadInput, readonly defaultCountry?: CountryCode) {
    super(context);
  }
}

@injectable()
export class CreateLeadHandler implements Handler<CreateLead, LeadView> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(LEAD_REPOSITORY) private readonly repository: LeadRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, input, defaultCountry }: CreateLead): Promise<LeadView> {
    if (typeof input.brandId === 'string' && !scopeIncludes(brandScopeOf(context.actor), input.brandId)) {
      throw new ForbiddenError(`You may not create leads for brand '${input.brandId}'`);
    }
    return this.uow.run(context, async () => {
      const lead = Lead.create(input, this.clock.now(), { defaultCountry });
      await this.repository.add(lead);
      return toLeadView(lead.state);
    });
  }
}
