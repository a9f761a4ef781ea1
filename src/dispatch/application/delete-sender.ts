import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import { SenderWriter, type SenderTarget } from './sender-writer.js';

/** Deletes a sender; to stop using one while keeping it, PATCH its status to `disabled`. */
export class DeleteSender extends Command<void> implements SenderTarget {
  constructor(context: SenderTarget['context'], readonly id: string, readonly expectedVersion?: number) {
    super(context);
  }
}

@injectable()
export class DeleteSenderHandler implements Handler<DeleteSender, void> {
  constructor(@inject(SenderWriter) private readonly writer: SenderWriter) {}

  execute(command: DeleteSender): Promise<void> {
    return this.writer.remove(command);
  }
}
