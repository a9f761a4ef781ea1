import { inject, injectable } from 'inversify';
import { ForbiddenError, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import { Segment, type CreateSegmentInput } from '../domain/segment.js';
import { SEGMENT_REPOSITORY, type SegmentRepository } from '../domain/segment-repository.js';
import { toSegmentView, type SegmentView } from './segment-view.js';

export class CreateSegment extends Command<SegmentView> {
  constructor(context: ExecutionContext, readonly input: CreateSegmentInput) {
    super(context);
  }
}

@injectable()
export class CreateSegmentHandler implements Handler<CreateSegment, SegmentView> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(SEGMENT_REPOSITORY) private readonly segments: SegmentRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, input }: CreateSegment): Promise<SegmentView> {
    if (typeof input.brandId === 'string' && !scopeIncludes(brandScopeOf(context.actor), input.brandId)) {
      throw new ForbiddenError(`You may not create segments for brand '${input.brandId}'`);
    }
    return this.uow.run(context, async () => {
      const segment = Segment.create(input, this.clock.now());
      await this.segments.add(segment);
      return toSegmentView(segment.state);
    });
  }
}
