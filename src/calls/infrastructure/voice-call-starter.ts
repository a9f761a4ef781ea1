import type { CommandBus, ExecutionContext } from '../../../seedwork/application/index.js';
import type { CallStarter, PlacedCall } from '../../dispatch/index.js';
import { InitiateVoiceCalls } from '../application/initiate-voice-calls.js';

/** Dispatch's CallStarter: every call a recorded batch placed becomes a VoiceCall, in the recording's transaction. */
export class VoiceCallStarter implements CallStarter {
  constructor(private readonly commands: CommandBus) {}

  async start(calls: readonly PlacedCall[], context: ExecutionContext): Promise<void> {
    const inputs = calls.map(({ attempt, ...call }) => ({ ...call, deliveryAttempt: attempt }));
    await this.commands.execute(new InitiateVoiceCalls(context, inputs));
  }
}
