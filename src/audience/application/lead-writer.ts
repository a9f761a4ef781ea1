import { inject, injectable } from 'inversify';
import { PreconditionFailedError, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, UNIT_OF_WORK, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { Lead } from '../domain/lead.js';
import { LEAD_REPOSITORY, type LeadRepository } from '../domain/lead-repository.js';
import { toLeadView, type LeadView } from './lead-view.js';

/** What every command on an existing lead names: which one, and optionally which version (If-Match). */
export interface LeadTarget {
  readonly context: ExecutionContext;
  readonly id: string;
  readonly expectedVersion?: number;
}

/**
 * The load → decide → save cycle shared by every command on an existing lead, in one unit of
 * work: the row is locked while the aggregate decides, and state + events commit together.
 */
@injectable()
export class LeadWriter {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(LEAD_REPOSITORY) private readonly repository: LeadRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies `decide` to the lead and saves what it recorded. */
  modify(target: LeadTarget, decide: (lead: Lead, now: Date) => void): Promise<LeadView> {
    return this.uow.run(target.context, async () => {
      const lead = await this.repository.getForUpdate(target.id, brandScopeOf(target.context.actor));
      if (target.expectedVersion !== undefined && lead.version !== target.expectedVersion) {
        throw new PreconditionFailedError(target.expectedVersion, lead.version);
      }
      decide(lead, this.clock.now());
      if (lead.hasChanges) await this.repository.save(lead);
      return toLeadView(lead.state);
    });
  }
}
