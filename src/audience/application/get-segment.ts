import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { SEGMENT_REPOSITORY, type SegmentRepository } from '../domain/segment-repository.js';
import { toSegmentView, type SegmentView } from './segment-view.js';

export class GetSegment extends Query<SegmentView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetSegmentHandler implements Handler<GetSegment, SegmentView> {
  constructor(@inject(SEGMENT_REPOSITORY) private readonly segments: SegmentRepository) {}

  async execute({ context, id }: GetSegment): Promise<SegmentView> {
    const segment = await this.segments.findById(id, brandScopeOf(context.actor));
    if (!segment) throw new NotFoundError('Segment', id);
    return toSegmentView(segment.state);
  }
}
