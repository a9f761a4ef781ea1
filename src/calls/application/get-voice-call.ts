import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { VOICE_CALL_READ_MODEL, type VoiceCallReadModel } from './voice-call-read-model.js';
import { toVoiceCallView, type VoiceCallView } from './voice-call-view.js';

export class GetVoiceCall extends Query<VoiceCallView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetVoiceCallHandler implements Handler<GetVoiceCall, VoiceCallView> {
  constructor(@inject(VOICE_CALL_READ_MODEL) private readonly calls: VoiceCallReadModel) {}

  async execute({ context, id }: GetVoiceCall): Promise<VoiceCallView> {
    const state = await this.calls.findById(id, brandScopeOf(context.actor));
    if (!state) throw new NotFoundError('VoiceCall', id);
    return toVoiceCallView(state);
  }
}
