import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { CampaignChannel, CampaignObjective, CampaignState, CampaignStatus, CampaignType } from '../domain/campaign-state.js';

export interface CampaignListFilter {
  brandId?: string;
  status?: CampaignStatus;
  type?: CampaignType;
  objective?: CampaignObjective;
  channel?: CampaignChannel;
  /** Case-insensitive text in the name or description; name matches come first. */
  q?: string;
}

/** Position of the last item served; the list resumes strictly after it. */
export interface CampaignCursor {
  /** 0 = matched by name, 1 = only by description (only with `q`). */
  rank: number;
  createdAt: string;
  id: string;
}

/** Read side of campaigns: queries that need no aggregate. */
export interface CampaignReadModel {
  findById(id: string, scope: BrandScope): Promise<CampaignState | null>;
  /** Newest first (name matches first with `q`); `limit + 1` rows tell whether a next page exists. */
  list(filter: CampaignListFilter, scope: BrandScope, limit: number, after?: CampaignCursor): Promise<Array<{ state: CampaignState; cursor: CampaignCursor }>>;
  /** Scheduled campaigns whose start time has come and whose audience is not empty (activation needs one). */
  dueForActivation(now: Date, limit: number): Promise<string[]>;
  /** Active or paused campaigns whose end time has come. */
  dueForFinish(now: Date, limit: number): Promise<string[]>;
}

export const CAMPAIGN_READ_MODEL = Symbol.for('CampaignReadModel');
