import { inject, injectable } from 'inversify';
import { NotFoundError, PreconditionFailedError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { SEGMENT_REPOSITORY, type SegmentRepository } from '../domain/segment-repository.js';

/** Deletes a saved segment; audiences already taken from it keep their members. */
export class DeleteSegment extends Command<void> {
  constructor(context: ExecutionContext, readonly id: string, readonly expectedVersion?: number) {
    super(context);
  }
}

@injectable()
export class DeleteSegmentHandler implements Handler<DeleteSegment, void> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(SEGMENT_REPOSITORY) private readonly segments: SegmentRepository,
  ) {}

  execute({ context, id, expectedVersion }: DeleteSegment): Promise<void> {
    return this.uow.run(context, async () => {
      const segment = await this.segments.findById(id, brandScopeOf(context.actor), { forUpdate: true });
      if (!segment) throw new NotFoundError('Segment', id);
      if (expectedVersion !== undefined && expectedVersion !== segment.version) throw new PreconditionFailedError(expectedVersion, segment.version);
      await this.segments.remove(segment);
    });
  }
}
