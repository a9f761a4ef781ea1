import { injectable } from 'inversify';
import { Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { PREDEFINED_SEGMENTS } from '../domain/segment-predefined.js';
import { toPredefinedSegmentView, type PredefinedSegmentView } from './segment-view.js';

export class ListPredefinedSegments extends Query<PredefinedSegmentView[]> {
  constructor(context: ExecutionContext) {
    super(context);
  }
}

@injectable()
export class ListPredefinedSegmentsHandler implements Handler<ListPredefinedSegments, PredefinedSegmentView[]> {
  async execute(): Promise<PredefinedSegmentView[]> {
    return PREDEFINED_SEGMENTS.map(toPredefinedSegmentView);
  }
}
