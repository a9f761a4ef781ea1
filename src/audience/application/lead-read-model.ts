import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { LeadStage, LeadState } from '../domain/lead-state.js';

export interface LeadListFilter {
  brandId?: string;
  stage?: LeadStage;
  /** Leads carrying this exact tag. */
  tag?: string;
  /** A user id, or null for unassigned leads. */
  assignedTo?: string | null;
  /** Case-insensitive text in the full name or the email; digits also match inside the phone. */
  q?: string;
}

/** Position of the last item served; the list resumes strictly after it (newest first). */
export interface LeadCursor {
  createdAt: string;
  id: string;
}

/** Read side of leads: queries that need no aggregate. */
export interface LeadReadModel {
  findById(id: string, scope: BrandScope): Promise<LeadState | null>;
  /** Newest first; `limit + 1` rows tell whether a next page exists. */
  list(filter: LeadListFilter, scope: BrandScope, limit: number, after?: LeadCursor): Promise<Array<{ state: LeadState; cursor: LeadCursor }>>;
}

export const LEAD_READ_MODEL = Symbol.for('LeadReadModel');
