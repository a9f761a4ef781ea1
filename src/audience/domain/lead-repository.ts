import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { Lead } from './lead.js';

/** Persistence port of the Lead aggregate (write side). */
export interface LeadRepository {
  /** Loads a lead to change it, locked until the unit of work ends; NotFoundError when absent or outside the scope. */
  getForUpdate(id: string, scope: BrandScope): Promise<Lead>;
  /** Inserts a new lead and appends its events; DuplicateLeadPhoneError when the brand has the phone already. */
  add(lead: Lead): Promise<void>;
  /** Writes the new state if nobody changed it since load (else ConcurrencyError) and appends its events. */
  save(lead: Lead): Promise<void>;
}

export const LEAD_REPOSITORY = Symbol.for('LeadRepository');
