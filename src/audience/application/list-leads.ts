import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { LEAD_READ_MODEL, type LeadCursor, type LeadListFilter, type LeadReadModel } from './lead-read-model.js';
import { toLeadView, type LeadView } from './lead-view.js';

export interface LeadPage {
  items: LeadView[];
  next: LeadCursor | null;
}

export class ListLeads extends Query<LeadPage> {
  constructor(context: ExecutionContext, readonly filter: LeadListFilter, readonly limit: number, readonly after?: LeadCursor) {
    super(context);
  }
}

@injectable()
export class ListLeadsHandler implements Handler<ListLeads, LeadPage> {
  constructor(@inject(LEAD_READ_MODEL) private readonly leads: LeadReadModel) {}

  async execute({ context, filter, limit, after }: ListLeads): Promise<LeadPage> {
    const rows = await this.leads.list(filter, brandScopeOf(context.actor), limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toLeadView(r.state)),
      next: rows.length > limit ? page[page.length - 1]!.cursor : null,
    };
  }
}
