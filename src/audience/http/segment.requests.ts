import { FieldErrorCollector, oneOf, ValidationError } from '../../../seedwork/domain/index.js';
import { queryErrors } from '../../../seedwork/http/index.js';
import { CONTACT_CHANNELS } from '../domain/lead-state.js';
import { SegmentCriteria } from '../domain/segment-criteria.js';
import { segmentBrandId } from '../domain/segment.js';

/** The domain's rules over the well-shaped fields of a segment body (see parseBodyReportingAll). */
export function checkSegmentValues(wellShaped: Record<string, unknown>): void {
  const errors = new FieldErrorCollector();
  if (wellShaped.brandId !== undefined) errors.check(() => segmentBrandId(wellShaped.brandId));
  if (wellShaped.criteria !== undefined) errors.check(() => SegmentCriteria.parse(wellShaped.criteria, 'criteria'));
  if (wellShaped.channel !== undefined) errors.check(() => oneOf(CONTACT_CHANNELS, wellShaped.channel, 'channel'));
  errors.throwIfAny();
}

const LIST_QUERY = ['brandId', 'limit', 'cursor'];

/** `GET /segments` query string → filter; every bad parameter is reported. */
export function segmentListFilter(query: Record<string, unknown>): { brandId?: string } {
  const errors = queryErrors(query, LIST_QUERY);
  if (errors.length) throw new ValidationError(errors);
  return typeof query.brandId === 'string' ? { brandId: query.brandId } : {};
}
