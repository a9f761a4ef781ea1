import { SegmentCriteria, type CriteriaJson } from './segment-criteria.js';

/** A segment every brand has, addressed by its name wherever a `segmentId` is accepted. */
export interface PredefinedSegment {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly criteria: SegmentCriteria;
}

const define = (id: string, name: string, description: string, criteria: CriteriaJson): PredefinedSegment =>
  Object.freeze({ id, name, description, criteria: SegmentCriteria.parse(criteria) });

/** API.md: `new_last_7_days`, `engaged` (interactions ≥ 5), `inactive_30_days`. */
export const PREDEFINED_SEGMENTS: readonly PredefinedSegment[] = Object.freeze([
  define('new_last_7_days', 'New in the last 7 days', 'Leads created in the 7 days (7 × 24 h) before the segment is used.', {
    all: [{ field: 'createdAt', op: 'within_last_days', value: 7 }],
  }),
  define('engaged', 'Engaged', 'Leads with at least 5 interactions.', {
    all: [{ field: 'interactions', op: 'gte', value: 5 }],
  }),
  define(
    'inactive_30_days',
    'Inactive for 30 days',
    'Leads not contacted in the last 30 days (never contacted included) that have existed for at least 30 days.',
    {
      all: [
        { field: 'lastContactedAt', op: 'not_within_last_days', value: 30 },
        { field: 'createdAt', op: 'not_within_last_days', value: 30 },
      ],
    },
  ),
]);

/** The predefined segment of that id, if any. */
export function predefinedSegment(id: string): PredefinedSegment | undefined {
  return PREDEFINED_SEGMENTS.find((s) => s.id === id);
}
