import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { Campaign } from './campaign.js';

/** Persistence port of the Campaign aggregate (write side). */
export interface CampaignRepository {
  /** Loads a campaign to change it, locked until the unit of work ends; NotFoundError when absent or outside the scope. */
  getForUpdate(id: string, scope: BrandScope): Promise<Campaign>;
  /** Loads a campaign to change it optimistically, with no lock: save()'s version check catches any change in between. */
  get(id: string, scope: BrandScope): Promise<Campaign>;
  /** Inserts a new campaign and appends its events. */
  add(campaign: Campaign): Promise<void>;
  /** Writes the new state if nobody changed it since load (else ConcurrencyError) and appends its events. */
  save(campaign: Campaign): Promise<void>;
  /** Deletes the row (same version check) and appends its events; the history stays in the log. */
  remove(campaign: Campaign): Promise<void>;
}

export const CAMPAIGN_REPOSITORY = Symbol.for('CampaignRepository');
