import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { SENDER_READ_MODEL, type SenderCursor, type SenderListFilter, type SenderReadModel } from './sender-read-model.js';
import { toSenderView, type SenderView } from './sender-view.js';

export interface SenderPage {
  items: SenderView[];
  next: SenderCursor | null;
}

export class ListSenders extends Query<SenderPage> {
  constructor(context: ExecutionContext, readonly filter: SenderListFilter, readonly limit: number, readonly after?: SenderCursor) {
    super(context);
  }
}

@injectable()
export class ListSendersHandler implements Handler<ListSenders, SenderPage> {
  constructor(@inject(SENDER_READ_MODEL) private readonly senders: SenderReadModel) {}

  async execute({ context, filter, limit, after }: ListSenders): Promise<SenderPage> {
    const rows = await this.senders.list(filter, brandScopeOf(context.actor), limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toSenderView(r.state)),
      next: rows.length > limit ? page[page.length - 1]!.cursor : null,
    };
  }
}
