import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { Segment } from './segment.js';

/** Position of the last segment served; a list resumes strictly after it (newest first). */
export interface SegmentCursor {
  createdAt: string;
  id: string;
}

/** Persistence port of saved segments. */
export interface SegmentRepository {
  add(segment: Segment): Promise<void>;
  /** The segment if it exists within the scope; `forUpdate` locks it until the unit of work ends. */
  findById(id: string, scope: BrandScope, options?: { forUpdate?: boolean }): Promise<Segment | null>;
  /** Newest first; `limit + 1` rows tell whether a next page exists. */
  list(filter: { brandId?: string }, scope: BrandScope, limit: number, after?: SegmentCursor): Promise<Array<{ segment: Segment; cursor: SegmentCursor }>>;
  /** Deletes the row if it still has this version (else ConcurrencyError). */
  remove(segment: Segment): Promise<void>;
}

export const SEGMENT_REPOSITORY = Symbol.for('SegmentRepository');
