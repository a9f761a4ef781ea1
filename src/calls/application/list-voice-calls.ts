import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, QueryBus, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { GetLead } from '../../audience/index.js';
import { GetCampaign } from '../../campaigns/index.js';
import type { CallStatus } from '../domain/voice-call-state.js';
import { VOICE_CALL_READ_MODEL, type CallOwner, type VoiceCallReadModel } from './voice-call-read-model.js';
import { toVoiceCallView, type VoiceCallView } from './voice-call-view.js';

export interface VoiceCallPage {
  items: VoiceCallView[];
  /** The last call served, when there may be more. */
  next: { id: string } | null;
}

export class ListVoiceCalls extends Query<VoiceCallPage> {
  constructor(
    context: ExecutionContext,
    readonly owner: CallOwner,
    readonly status: CallStatus | undefined,
    readonly limit: number,
    readonly beforeId?: string,
  ) {
    super(context);
  }
}

@injectable()
export class ListVoiceCallsHandler implements Handler<ListVoiceCalls, VoiceCallPage> {
  constructor(
    @inject(VOICE_CALL_READ_MODEL) private readonly calls: VoiceCallReadModel,
    @inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  async execute({ context, owner, status, limit, beforeId }: ListVoiceCalls): Promise<VoiceCallPage> {
    // An unknown owner, or another brand's, answers 404 as reading it does, not an empty list.
    if (owner.kind === 'campaign') await this.queries.execute(new GetCampaign(context, owner.id));
    else await this.queries.execute(new GetLead(context, owner.id));
    const rows = await this.calls.list(owner, status, brandScopeOf(context.actor), limit + 1, beforeId);
    const page = rows.slice(0, limit);
    return { items: page.map(toVoiceCallView), next: rows.length > limit ? { id: page[page.length - 1]!.id } : null };
  }
}
