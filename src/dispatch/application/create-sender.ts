import { inject, injectable } from 'inversify';
import { ForbiddenError, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { Sender, type CreateSenderInput } from '../domain/sender.js';
import { SENDER_REPOSITORY, type SenderRepository } from '../domain/sender-repository.js';
import { toSenderView, type SenderView } from './sender-view.js';

export class CreateSender extends Command<SenderView> {
  constructor(context: ExecutionContext, readonly input: CreateSenderInput) {
    super(context);
  }
}

@injectable()
export class CreateSenderHandler implements Handler<CreateSender, SenderView> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(SENDER_REPOSITORY) private readonly repository: SenderRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, input }: CreateSender): Promise<SenderView> {
    if (typeof input.brandId === 'string' && !scopeIncludes(brandScopeOf(context.actor), input.brandId)) {
      throw new ForbiddenError(`You may not create senders for brand '${input.brandId}'`);
    }
    return this.uow.run(context, async () => {
      const sender = Sender.create(input, this.clock.now());
      await this.repository.add(sender);
      return toSenderView(sender.state);
    });
  }
}
