import { inject, injectable } from 'inversify';
import { FieldErrorCollector, ForbiddenError, oneOf, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/lead-state.js';
import { SegmentCriteria } from '../domain/segment-criteria.js';
import { segmentBrandId } from '../domain/segment.js';
import { SEGMENT_LEAD_QUERY, type SegmentLeadQuery } from './segment-lead-query.js';
import { toLeadView } from './lead-view.js';
import type { SegmentPreviewView } from './segment-view.js';

export const PREVIEW_SAMPLE_SIZE = 10;

export interface PreviewSegmentInput {
  readonly brandId: string;
  /** Raw JSON; validated into SegmentCriteria. */
  readonly criteria: unknown;
  readonly channel?: string;
}

/** How many of a brand's leads match criteria (reachable and not opted out on `channel`, when given), with a sample. */
export class PreviewSegment extends Query<SegmentPreviewView> {
  constructor(context: ExecutionContext, readonly input: PreviewSegmentInput) {
    super(context);
  }
}

@injectable()
export class PreviewSegmentHandler implements Handler<PreviewSegment, SegmentPreviewView> {
  constructor(
    @inject(SEGMENT_LEAD_QUERY) private readonly leads: SegmentLeadQuery,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ context, input }: PreviewSegment): Promise<SegmentPreviewView> {
    if (typeof input.brandId === 'string' && !scopeIncludes(brandScopeOf(context.actor), input.brandId)) {
      throw new ForbiddenError(`You may not read leads of brand '${input.brandId}'`);
    }
    const errors = new FieldErrorCollector();
    const brandId = errors.check(() => segmentBrandId(input.brandId));
    const criteria = errors.check(() => SegmentCriteria.parse(input.criteria, 'criteria'));
    const channel = input.channel === undefined ? undefined : errors.check(() => oneOf<ContactChannel>(CONTACT_CHANNELS, input.channel, 'channel'));
    errors.throwIfAny();
    const result = await this.leads.preview({ criteria: criteria!, brandId: brandId!, channel, now: this.clock.now(), sampleSize: PREVIEW_SAMPLE_SIZE });
    return {
      total: result.total,
      ...(result.excluded && { excluded: result.excluded }),
      sample: result.sample.map(toLeadView),
    };
  }
}
