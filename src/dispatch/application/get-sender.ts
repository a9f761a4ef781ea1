import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { SENDER_READ_MODEL, type SenderReadModel } from './sender-read-model.js';
import { toSenderView, type SenderView } from './sender-view.js';

export class GetSender extends Query<SenderView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetSenderHandler implements Handler<GetSender, SenderView> {
  constructor(@inject(SENDER_READ_MODEL) private readonly senders: SenderReadModel) {}

  async execute({ context, id }: GetSender): Promise<SenderView> {
    const state = await this.senders.findById(id, brandScopeOf(context.actor));
    if (!state) throw new NotFoundError('Sender', id);
    return toSenderView(state);
  }
}
