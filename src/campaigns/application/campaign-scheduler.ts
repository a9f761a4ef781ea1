import { inject, injectable } from 'inversify';
import { BusinessRuleError, InvalidTransitionError, NotFoundError, newId, type Clock } from '../../../seedwork/domain/index.js';
import { CLOCK, DISTRIBUTED_LOCK, SYSTEM_ACTOR, type DistributedLock } from '../../../seedwork/application/index.js';
import type { Campaign } from '../domain/campaign.js';
import { CAMPAIGN_READ_MODEL, type CampaignReadModel } from './campaign-read-model.js';
import { CampaignWriter } from './campaign-writer.js';

const BATCH = 100;

export interface SchedulerTick {
  /** False when another process held the scheduler lock and this tick did nothing. */
  ran: boolean;
  activated: number;
  finished: number;
}

/**
 * Activates scheduled campaigns at `startAt` and finishes running ones at `endAt`, through the
 * same aggregate methods as the manual actions (reason `schedule` / `schedule_end`).
 * Exactly-once across processes rests on two things: the lock keeps concurrent schedulers from
 * doing the same work, and even without it each campaign is changed under a row lock by the
 * state machine, so a second activation of the same campaign is refused, never applied.
 */
@injectable()
export class CampaignScheduler {
  constructor(
    @inject(CAMPAIGN_READ_MODEL) private readonly campaigns: CampaignReadModel,
    @inject(CampaignWriter) private readonly writer: CampaignWriter,
    @inject(DISTRIBUTED_LOCK) private readonly lock: DistributedLock,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async tick(): Promise<SchedulerTick> {
    const outcome = await this.lock.tryWithLock('campaign-scheduler', async () => {
      const activated = await this.drain((now) => this.campaigns.dueForActivation(now, BATCH), (c, now) => c.activate(now, 'schedule'));
      const finished = await this.drain((now) => this.campaigns.dueForFinish(now, BATCH), (c, now) => c.finish(now, 'schedule_end'));
      return { activated, finished };
    });
    return outcome.acquired ? { ran: true, ...outcome.result } : { ran: false, activated: 0, finished: 0 };
  }

  private async drain(due: (now: Date) => Promise<string[]>, change: (c: Campaign, now: Date) => void): Promise<number> {
    let applied = 0;
    const context = { actor: SYSTEM_ACTOR, correlationId: newId() };
    for (;;) {
      const ids = await due(this.clock.now());
      let progressed = 0;
      for (const id of ids) {
        try {
          await this.writer.modify({ context, id }, change);
          applied++;
          progressed++;
        } catch (error) {
          // Someone changed or deleted it since it was found due: nothing left to do for it. Or its
          // audience was emptied since: it stays scheduled, quietly, as the due query skips empty
          // audiences; the campaign itself shows why (scheduled past startAt, totalContacts 0).
          if (!(error instanceof InvalidTransitionError || error instanceof NotFoundError || error instanceof BusinessRuleError)) throw error;
        }
      }
      if (ids.length < BATCH || progressed === 0) return applied;
    }
  }
}
