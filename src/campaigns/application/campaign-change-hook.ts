import type { DomainEvent } from '../../../seedwork/domain/index.js';
import type { CampaignState } from '../domain/campaign-state.js';

/**
 * What another module does in the same transaction as a campaign change, after the campaign's
 * row and events are written and while its row is still locked (dispatch implements it: fan-out
 * of deliveries on activation or audience added, cancel and expiry of queued deliveries). Only
 * this interface crosses the module boundary; the campaign side never imports dispatch classes.
 */
export interface CampaignChangeHook {
  /**
   * Whether afterSave has work for these events. When it has none, the campaign's change is one
   * statement that needs no transaction around it (CampaignWriter saves it optimistically).
   */
  actsOn(campaign: CampaignState, events: readonly DomainEvent[]): boolean;
  /** `events` are what this unit of work recorded on the campaign, oldest first. */
  afterSave(campaign: CampaignState, events: readonly DomainEvent[], now: Date): Promise<void>;
}

export const CAMPAIGN_CHANGE_HOOK = Symbol.for('CampaignChangeHook');
