import { inject, injectable } from 'inversify';
import { PreconditionFailedError, type Clock, type DomainEvent } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, UNIT_OF_WORK, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { VoiceCall } from '../domain/voice-call.js';
import { VOICE_CALL_REPOSITORY, type VoiceCallRepository } from '../domain/voice-call-repository.js';
import { toVoiceCallView, type VoiceCallView } from './voice-call-view.js';

/** What every command on an existing call names: which one, and optionally which version (If-Match). */
export interface VoiceCallTarget {
  readonly context: ExecutionContext;
  readonly id: string;
  readonly expectedVersion?: number;
}

/**
 * The load → decide → save cycle shared by the commands on a call, in one unit of work: the row
 * is locked while the aggregate decides, and state + events commit together.
 */
@injectable()
export class VoiceCallWriter {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(VOICE_CALL_REPOSITORY) private readonly repository: VoiceCallRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies `decide` and saves what it recorded; returns the new view and those events (none: nothing changed). */
  modify(target: VoiceCallTarget, decide: (call: VoiceCall, now: Date) => void): Promise<{ view: VoiceCallView; recorded: readonly DomainEvent[] }> {
    return this.uow.run(target.context, async () => {
      const call = await this.repository.getForUpdate(target.id, brandScopeOf(target.context.actor));
      if (target.expectedVersion !== undefined && call.version !== target.expectedVersion) {
        throw new PreconditionFailedError(target.expectedVersion, call.version);
      }
      decide(call, this.clock.now());
      const recorded = [...call.pendingEvents];
      if (recorded.length > 0) await this.repository.save(call);
      return { view: toVoiceCallView(call.state), recorded };
    });
  }
}
