import { inject, injectable, optional } from 'inversify';
import { PreconditionFailedError, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, UNIT_OF_WORK, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { Campaign } from '../domain/campaign.js';
import { CAMPAIGN_REPOSITORY, type CampaignRepository } from '../domain/campaign-repository.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';
import { CAMPAIGN_CHANGE_HOOK, type CampaignChangeHook } from './campaign-change-hook.js';

/** What every command on an existing campaign names: which one, and optionally which version (If-Match). */
export interface CampaignTarget {
  readonly context: ExecutionContext;
  readonly id: string;
  readonly expectedVersion?: number;
}

/**
 * The load → decide → save cycle shared by every command on an existing campaign, in one unit
 * of work: the row is locked while the aggregate decides, and state + events commit together.
 */
@injectable()
export class CampaignWriter {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(CAMPAIGN_REPOSITORY) private readonly repository: CampaignRepository,
    @inject(CLOCK) private readonly clock: Clock,
    // Optional: the campaigns module works alone (unit tests, a deployment without dispatch).
    @inject(CAMPAIGN_CHANGE_HOOK) @optional() private readonly hook?: CampaignChangeHook,
  ) {}

  /**
   * Applies `decide` to the campaign and saves what it recorded. Optimistic (UnitOfWork.runOptimistic):
   * a change the hook has no work for (pause, resume, edits) is read, then written with its events
   * in one version-guarded statement, with no transaction or lock; one the hook acts on is written
   * in a transaction with the hook's work. A lost race runs it again with the row locked.
   */
  modify(target: CampaignTarget, decide: (campaign: Campaign, now: Date) => void): Promise<CampaignView> {
    return this.uow.runOptimistic(target.context, async (inTransaction) => {
      const campaign = await this.load(target, inTransaction);
      const now = this.clock.now();
      decide(campaign, now);
      if (inTransaction) await this.save(campaign, now);
      else await this.saveOptimistically(target, campaign, now);
      return toCampaignView(campaign.state);
    });
  }

  /**
   * Like modify, for decisions that need data gathered in the same transaction while the campaign
   * is locked (an audience snapshot and its counts); returns what `decide` returned and the new view.
   */
  modifyWith<T>(target: CampaignTarget, decide: (campaign: Campaign, now: Date) => Promise<T>): Promise<{ result: T; view: CampaignView }> {
    return this.uow.run(target.context, async () => {
      const campaign = await this.load(target, true);
      const now = this.clock.now();
      const result = await decide(campaign, now);
      await this.save(campaign, now);
      return { result, view: toCampaignView(campaign.state) };
    });
  }

  /** Deletes the campaign if the aggregate allows it; `alongside` removes what hangs off it, in the same transaction. */
  remove(target: CampaignTarget, alongside?: (campaign: Campaign) => Promise<void>): Promise<void> {
    return this.uow.run(target.context, async () => {
      const campaign = await this.load(target, true);
      campaign.delete(this.clock.now());
      await this.repository.remove(campaign);
      await alongside?.(campaign);
    });
  }

  /** Saves what the campaign recorded, then lets the hook act in the same transaction. */
  private async save(campaign: Campaign, now: Date): Promise<void> {
    if (!campaign.hasChanges) return;
    const events = [...campaign.pendingEvents];
    await this.repository.save(campaign);
    await this.hook?.afterSave(campaign.state, events, now);
  }

  /** Outside a transaction the save's version guard stands in for the lock. */
  private async saveOptimistically(target: CampaignTarget, campaign: Campaign, now: Date): Promise<void> {
    if (!campaign.hasChanges) return;
    if (this.hook?.actsOn(campaign.state, campaign.pendingEvents)) await this.uow.run(target.context, () => this.save(campaign, now));
    else await this.repository.save(campaign);
  }

  private async load(target: CampaignTarget, lock: boolean): Promise<Campaign> {
    const scope = brandScopeOf(target.context.actor);
    const campaign = lock ? await this.repository.getForUpdate(target.id, scope) : await this.repository.get(target.id, scope);
    if (target.expectedVersion !== undefined && campaign.version !== target.expectedVersion) {
      throw new PreconditionFailedError(target.expectedVersion, campaign.version);
    }
    return campaign;
  }
}
