import { inject, injectable } from 'inversify';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { SEGMENT_REPOSITORY, type SegmentCursor, type SegmentRepository } from '../domain/segment-repository.js';
import { toSegmentView, type SegmentView } from './segment-view.js';

export interface SegmentPage {
  items: SegmentView[];
  next: SegmentCursor | null;
}

export class ListSegments extends Query<SegmentPage> {
  constructor(context: ExecutionContext, readonly filter: { brandId?: string }, readonly limit: number, readonly after?: SegmentCursor) {
    super(context);
  }
}

@injectable()
export class ListSegmentsHandler implements Handler<ListSegments, SegmentPage> {
  constructor(@inject(SEGMENT_REPOSITORY) private readonly segments: SegmentRepository) {}

  async execute({ context, filter, limit, after }: ListSegments): Promise<SegmentPage> {
    const rows = await this.segments.list(filter, brandScopeOf(context.actor), limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toSegmentView(r.segment.state)),
      next: rows.length > limit ? page[page.length - 1]!.cursor : null,
    };
  }
}
