import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { SenderChanges } from '../domain/sender.js';
import { SenderWriter, type SenderTarget } from './sender-writer.js';
import type { SenderView } from './sender-view.js';

export class UpdateSender extends Command<SenderView> implements SenderTarget {
  constructor(context: SenderTarget['context'], readonly id: string, readonly changes: SenderChanges, readonly expectedVersion?: number) {
    super(context);
  }
}

@injectable()
export class UpdateSenderHandler implements Handler<UpdateSender, SenderView> {
  constructor(@inject(SenderWriter) private readonly writer: SenderWriter) {}

  execute(command: UpdateSender): Promise<SenderView> {
    return this.writer.modify(command, (sender, now) => sender.update(command.changes, now));
  }
}
