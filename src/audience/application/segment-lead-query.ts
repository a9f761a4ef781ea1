import type { ContactChannel, LeadState } from '../domain/lead-state.js';
import type { SegmentCriteria } from '../domain/segment-criteria.js';

export interface SegmentPreviewRequest {
  readonly criteria: SegmentCriteria;
  readonly brandId: string;
  /** When given, leads opted out of it or unreachable on it are counted apart, not in `total`. */
  readonly channel?: ContactChannel;
  readonly now: Date;
  readonly sampleSize: number;
}

export interface SegmentPreviewResult {
  total: number;
  excluded?: { optedOut: number; unreachable: number };
  /** Newest first. */
  sample: LeadState[];
}

/** Read port: evaluates criteria over a brand's leads. */
export interface SegmentLeadQuery {
  preview(request: SegmentPreviewRequest): Promise<SegmentPreviewResult>;
}

export const SEGMENT_LEAD_QUERY = Symbol.for('SegmentLeadQuery');
