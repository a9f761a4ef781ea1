import type { BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { SenderCursor, SenderListFilter, SenderReadModel } from '../application/sender-read-model.js';
import type { SenderState } from '../domain/sender-state.js';
import { toSenderState } from './sender.mapper.js';
import type { SenderRow } from './sender.schema.js';

const BY_ID = prepared('sender_by_id', `SELECT * FROM senders WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`);

/** Read side of senders on PostgreSQL. */
export class TypeOrmSenderReadModel implements SenderReadModel {
  constructor(private readonly db: Database) {}

  async findById(id: string, scope: BrandScope): Promise<SenderState | null> {
    const [row] = await this.db.query<SenderRow>(BY_ID, [id, scope === 'all' ? null : scope]);
    return row ? toSenderState(row) : null;
  }

  async list(filter: SenderListFilter, scope: BrandScope, limit: number, after?: SenderCursor) {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope !== 'all') where.push(`brand_id = ANY(${param(scope)}::text[])`);
    for (const [column, value] of [['brand_id', filter.brandId], ['channel', filter.channel], ['provider', filter.provider], ['status', filter.status]] as const) {
      if (value !== undefined) where.push(`${column} = ${param(value)}`);
    }
    if (after) where.push(`(created_at, id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows = await this.db.query<SenderRow>(
      `SELECT * FROM senders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((row) => ({ state: toSenderState(row), cursor: { createdAt: row.created_at.toISOString(), id: row.id } }));
  }
}
