import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { LEAD_READ_MODEL, type LeadReadModel } from './lead-read-model.js';
import { toLeadView, type LeadView } from './lead-view.js';

export class GetLead extends Query<LeadView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetLeadHandler implements Handler<GetLead, LeadView> {
  constructor(@inject(LEAD_READ_MODEL) private readonly leads: LeadReadModel) {}

  async execute({ context, id }: GetLead): Promise<LeadView> {
    const state = await this.leads.findById(id, brandScopeOf(context.actor));
    if (!state) throw new NotFoundError('Lead', id);
    return toLeadView(state);
  }
}
