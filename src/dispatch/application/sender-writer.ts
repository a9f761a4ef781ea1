import { inject, injectable } from 'inversify';
import { PreconditionFailedError, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, UNIT_OF_WORK, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { Sender } from '../domain/sender.js';
import { SENDER_REPOSITORY, type SenderRepository } from '../domain/sender-repository.js';
import { toSenderView, type SenderView } from './sender-view.js';

/** What every command on an existing sender names: which one, and optionally which version (If-Match). */
export interface SenderTarget {
  readonly context: ExecutionContext;
  readonly id: string;
  readonly expectedVersion?: number;
}

/**
 * The load → decide → save cycle shared by every command on an existing sender, in one unit of
 * work: the row is locked while the aggregate decides, and state + events commit together.
 */
@injectable()
export class SenderWriter {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(SENDER_REPOSITORY) private readonly repository: SenderRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies `decide` to the sender and saves what it recorded. */
  modify(target: SenderTarget, decide: (sender: Sender, now: Date) => void): Promise<SenderView> {
    return this.uow.run(target.context, async () => {
      const sender = await this.load(target);
      decide(sender, this.clock.now());
      if (sender.hasChanges) await this.repository.save(sender);
      return toSenderView(sender.state);
    });
  }

  /** Deletes the sender; its events stay in the log. */
  remove(target: SenderTarget): Promise<void> {
    return this.uow.run(target.context, async () => {
      const sender = await this.load(target);
      sender.delete(this.clock.now());
      await this.repository.remove(sender);
    });
  }

  private async load(target: SenderTarget): Promise<Sender> {
    const sender = await this.repository.getForUpdate(target.id, brandScopeOf(target.context.actor));
    if (target.expectedVersion !== undefined && sender.version !== target.expectedVersion) {
      throw new PreconditionFailedError(target.expectedVersion, sender.version);
    }
    return sender;
  }
}
