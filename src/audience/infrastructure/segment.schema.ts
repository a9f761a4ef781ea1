import { EntitySchema } from 'typeorm';
import type { CriteriaJson } from '../domain/segment-criteria.js';

/** A `segments` row as PostgreSQL returns it. */
export interface SegmentRow {
  id: string;
  brand_id: string;
  name: string;
  criteria: CriteriaJson;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** TypeORM mapping of `segments` (the table itself is created by migrations, never synchronized). */
export const SegmentSchema = new EntitySchema<SegmentRow>({
  name: 'Segment',
  tableName: 'segments',
  columns: {
    id: { type: 'uuid', primary: true },
    brand_id: { type: 'text' },
    name: { type: 'text' },
    criteria: { type: 'jsonb' },
    version: { type: 'int' },
    created_at: { type: 'timestamptz' },
    updated_at: { type: 'timestamptz' },
  },
  // Declared so TypeORM knows it; created by the migration (sort orders), hence synchronize: false.
  indices: [{ name: 'segments_brand_created_idx', columns: ['brand_id', 'created_at', 'id'], synchronize: false }],
});
