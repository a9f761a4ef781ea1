import { inject, injectable } from 'inversify';
import type { Clock } from '../../../seedwork/domain/index.js';
import { CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { VoiceCall, type InitiateVoiceCallInput } from '../domain/voice-call.js';
import { VOICE_CALL_REPOSITORY, type DeliveryAttemptRef, type VoiceCallRepository } from '../domain/voice-call-repository.js';

/** Starts a call for each delivery attempt the provider accepted on the `call` channel; returns how many were new. */
export class InitiateVoiceCalls extends Command<number> {
  constructor(context: ExecutionContext, readonly calls: readonly InitiateVoiceCallInput[]) {
    super(context);
  }
}

const keyOf = (ref: DeliveryAttemptRef) => `${ref.deliveryId}:${ref.deliveryAttempt}`;

@injectable()
export class InitiateVoiceCallsHandler implements Handler<InitiateVoiceCalls, number> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(VOICE_CALL_REPOSITORY) private readonly repository: VoiceCallRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Idempotent: an attempt that already has its call is skipped, so running it again starts none twice. */
  execute({ context, calls }: InitiateVoiceCalls): Promise<number> {
    return this.uow.run(context, async () => {
      const placed = new Set((await this.repository.placedBy(calls.map((c) => c.deliveryId))).map(keyOf));
      const now = this.clock.now();
      let started = 0;
      for (const input of calls) {
        if (placed.has(keyOf(input))) continue;
        placed.add(keyOf(input));
        await this.repository.add(VoiceCall.initiate(input, now));
        started++;
      }
      return started;
    });
  }
}
