import { NotFoundError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { Lead } from '../domain/lead.js';
import { DuplicateLeadPhoneError } from '../domain/lead-errors.js';
import type { LeadRepository } from '../domain/lead-repository.js';
import { toLeadRow, toLeadState } from './lead.mapper.js';
import { BRAND_PHONE_CONSTRAINT, LEAD_COLUMNS, type LeadRow } from './lead.schema.js';

function values(row: LeadRow): unknown[] {
  // pg sends JS arrays as PostgreSQL arrays (tags, opted_out_channels) but objects need JSON text.
  return LEAD_COLUMNS.map((c) => (c === 'custom_fields' ? JSON.stringify(row[c]) : row[c]));
}

const INSERT = `INSERT INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${LEAD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING 1`;
// SET every column but id; the WHERE clause is the optimistic-concurrency check (typeorm#2848).
const UPDATE = `UPDATE leads SET ${LEAD_COLUMNS.map((c, i) => (c === 'id' ? null : `${c} = $${i + 1}`)).filter(Boolean).join(', ')}
  WHERE id = $1 AND version = $${LEAD_COLUMNS.length + 1} RETURNING 1`;
const SELECT_FOR_UPDATE = prepared('lead_select_for_update',
  `SELECT * FROM leads WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);

function isDuplicatePhone(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === BRAND_PHONE_CONSTRAINT;
}

/** Write side of leads on PostgreSQL: state row + events in the caller's unit of work. */
export class TypeOrmLeadRepository implements LeadRepository {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  async getForUpdate(id: string, scope: BrandScope): Promise<Lead> {
    const [row] = await this.db.query<LeadRow>(SELECT_FOR_UPDATE, [id, scope === 'all' ? null : scope]);
    if (!row) throw new NotFoundError('Lead', id);
    return Lead.restore(toLeadState(row));
  }

  add(lead: Lead): Promise<void> {
    return this.write(lead, 'lead_insert', INSERT, []);
  }

  /** A stale expected version touches no row and appends nothing: a ConcurrencyError the unit of work retries. */
  save(lead: Lead): Promise<void> {
    return this.write(lead, 'lead_update', UPDATE, [lead.expectedStoredVersion]);
  }

  /**
   * State row and events in one statement (EventStore.writeWithEvents). The unique index decides
   * duplicates, so two concurrent creates of one phone cannot both pass.
   */
  private async write(lead: Lead, name: string, sql: string, extra: unknown[]): Promise<void> {
    const state = lead.state;
    try {
      await this.events.writeWithEvents({ name, sql, params: [...values(toLeadRow(state)), ...extra] }, lead.pendingEvents);
    } catch (error) {
      if (isDuplicatePhone(error)) throw new DuplicateLeadPhoneError(state.brandId, state.phone!);
      throw error;
    }
  }
}
