import type { Container } from 'inversify';
import type { CommandBus, QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { CAMPAIGN_AUDIENCE } from '../campaigns/index.js';
import { SEGMENT_REPOSITORY, type SegmentRepository } from './domain/segment-repository.js';
import { SEGMENT_LEAD_QUERY } from './application/segment-lead-query.js';
import { CreateSegment, CreateSegmentHandler } from './application/create-segment.js';
import { DeleteSegment, DeleteSegmentHandler } from './application/delete-segment.js';
import { GetSegment, GetSegmentHandler } from './application/get-segment.js';
import { ListSegments, ListSegmentsHandler } from './application/list-segments.js';
import { ListPredefinedSegments, ListPredefinedSegmentsHandler } from './application/list-predefined-segments.js';
import { PreviewSegment, PreviewSegmentHandler } from './application/preview-segment.js';
import { TypeOrmSegmentRepository } from './infrastructure/typeorm-segment.repository.js';
import { PgSegmentLeadQuery } from './infrastructure/pg-segment-lead-query.js';
import { PgCampaignAudience } from './infrastructure/pg-campaign-audience.js';

export { segmentRoutes } from './http/segment.routes.js';

/**
 * Wires segments and campaign audiences: saved/predefined segments and previews on the buses,
 * and the campaigns module's CampaignAudience port to PostgreSQL.
 */
export function registerSegments(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(SEGMENT_REPOSITORY).toDynamicValue((ctx) => new TypeOrmSegmentRepository(ctx.get(Database))).inSingletonScope();
  container.bind(SEGMENT_LEAD_QUERY).toDynamicValue((ctx) => new PgSegmentLeadQuery(ctx.get(Database))).inSingletonScope();
  container.bind(CAMPAIGN_AUDIENCE)
    .toDynamicValue((ctx) => new PgCampaignAudience(ctx.get(Database), ctx.get<SegmentRepository>(SEGMENT_REPOSITORY)))
    .inSingletonScope();

  commands.register(CreateSegment, CreateSegmentHandler);
  commands.register(DeleteSegment, DeleteSegmentHandler);
  queries.register(GetSegment, GetSegmentHandler);
  queries.register(ListSegments, ListSegmentsHandler);
  queries.register(ListPredefinedSegments, ListPredefinedSegmentsHandler);
  queries.register(PreviewSegment, PreviewSegmentHandler);
}
