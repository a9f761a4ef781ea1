import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { Database } from '../../../seedwork/infrastructure/database/database.js';
import type { LeadState } from '../domain/lead-state.js';
import type { LeadCursor, LeadListFilter, LeadReadModel } from '../application/lead-read-model.js';
import { toLeadState } from './lead.mapper.js';
import type { LeadRow } from './lead.schema.js';

/** `%` and `_` in the user's text are literal, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Text that reads as (part of) a phone number — `300 123`, `(212) 555` — searched as its digits in E.164. */
const PHONE_LIKE = /^\+?[\d\s().-]*\d[\d\s().-]*$/;

/** Read side of leads on PostgreSQL. */
export class TypeOrmLeadReadModel implements LeadReadModel {
  constructor(private readonly db: Database) {}

  async findById(id: string, scope: BrandScope): Promise<LeadState | null> {
    const [row] = await this.db.query<LeadRow>(
      `SELECT * FROM leads WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`,
      [id, scope === 'all' ? null : scope],
    );
    return row ? toLeadState(row) : null;
  }

  async list(filter: LeadListFilter, scope: BrandScope, limit: number, after?: LeadCursor) {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope !== 'all') where.push(`brand_id = ANY(${param(scope)}::text[])`);
    if (filter.brandId !== undefined) where.push(`brand_id = ${param(filter.brandId)}`);
    if (filter.stage !== undefined) where.push(`stage = ${param(filter.stage)}`);
    // Containment, so the GIN index on tags serves it.
    if (filter.tag !== undefined) where.push(`tags @> ARRAY[${param(filter.tag)}::text]`);
    if (filter.assignedTo === null) where.push('assigned_to IS NULL');
    else if (filter.assignedTo !== undefined) where.push(`assigned_to = ${param(filter.assignedTo)}`);
    if (filter.q !== undefined) {
      const pattern = param(likePattern(filter.q));
      const matches = [`(first_name || ' ' || last_name) ILIKE ${pattern}`, `email ILIKE ${pattern}`];
      if (PHONE_LIKE.test(filter.q)) matches.push(`phone LIKE ${param(likePattern(filter.q.replace(/\D/g, '')))}`);
      where.push(`(${matches.join(' OR ')})`);
    }
    if (after) where.push(`(created_at, id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows = await this.db.query<LeadRow>(
      `SELECT * FROM leads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((row) => ({ state: toLeadState(row), cursor: { createdAt: row.created_at.toISOString(), id: row.id } }));
  }
}
