import type { CriteriaJson } from '../domain/segment-criteria.js';
import type { PredefinedSegment } from '../domain/segment-predefined.js';
import type { SegmentState } from '../domain/segment.js';
import type { LeadView } from './lead-view.js';

/** A saved segment as the API represents it (JSON-ready). */
export interface SegmentView {
  id: string;
  brandId: string;
  name: string;
  criteria: CriteriaJson;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toSegmentView(s: SegmentState): SegmentView {
  return {
    id: s.id,
    brandId: s.brandId,
    name: s.name,
    criteria: s.criteria,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A predefined segment: the same for every brand, used by its id. */
export interface PredefinedSegmentView {
  id: string;
  name: string;
  description: string;
  criteria: CriteriaJson;
}

export function toPredefinedSegmentView(s: PredefinedSegment): PredefinedSegmentView {
  return { id: s.id, name: s.name, description: s.description, criteria: s.criteria.toJSON() };
}

/** What a preview answers: how many leads match, and a few of them. */
export interface SegmentPreviewView {
  total: number;
  /** Only with a channel: matching leads left out of `total` (opted out first, then unreachable). */
  excluded?: { optedOut: number; unreachable: number };
  sample: LeadView[];
}
