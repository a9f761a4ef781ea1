import { ConcurrencyError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import { Segment } from '../domain/segment.js';
import type { SegmentCursor, SegmentRepository } from '../domain/segment-repository.js';
import type { SegmentRow } from './segment.schema.js';

const INSERT = prepared('segment_insert',
  `INSERT INTO segments (id, brand_id, name, criteria, version, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`);
const BY_ID = prepared('segment_by_id', `SELECT * FROM segments WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`);
const BY_ID_FOR_UPDATE = prepared('segment_by_id_for_update',
  `SELECT * FROM segments WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);
const DELETE = prepared('segment_delete', `DELETE FROM segments WHERE id = $1 AND version = $2`);

function toSegment(row: SegmentRow): Segment {
  return Segment.restore({
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    criteria: row.criteria,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** Saved segments on PostgreSQL, in the caller's unit of work when there is one. */
export class TypeOrmSegmentRepository implements SegmentRepository {
  constructor(private readonly db: Database) {}

  async add(segment: Segment): Promise<void> {
    const s = segment.state;
    await this.db.execute(INSERT, [s.id, s.brandId, s.name, JSON.stringify(s.criteria), s.version, s.createdAt, s.updatedAt]);
  }

  async findById(id: string, scope: BrandScope, options: { forUpdate?: boolean } = {}): Promise<Segment | null> {
    const [row] = await this.db.query<SegmentRow>(options.forUpdate ? BY_ID_FOR_UPDATE : BY_ID, [id, scope === 'all' ? null : scope]);
    return row ? toSegment(row) : null;
  }

  async list(filter: { brandId?: string }, scope: BrandScope, limit: number, after?: SegmentCursor) {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope !== 'all') where.push(`brand_id = ANY(${param(scope)}::text[])`);
    if (filter.brandId !== undefined) where.push(`brand_id = ${param(filter.brandId)}`);
    if (after) where.push(`(created_at, id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows = await this.db.query<SegmentRow>(
      `SELECT * FROM segments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((row) => ({ segment: toSegment(row), cursor: { createdAt: row.created_at.toISOString(), id: row.id } }));
  }

  async remove(segment: Segment): Promise<void> {
    const deleted = await this.db.execute(DELETE, [segment.id, segment.version]);
    if (deleted !== 1) throw new ConcurrencyError('Segment', segment.id);
  }
}
