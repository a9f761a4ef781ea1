import { NotFoundError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore, StateWrite } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { Sender } from '../domain/sender.js';
import { DuplicateSenderError } from '../domain/sender-errors.js';
import type { SenderRepository } from '../domain/sender-repository.js';
import { toSenderRow, toSenderState } from './sender.mapper.js';
import { SENDER_ADDRESS_CONSTRAINT, SENDER_COLUMNS, type SenderRow } from './sender.schema.js';

const values = (sender: Sender): unknown[] => {
  const row = toSenderRow(sender.state);
  return SENDER_COLUMNS.map((c) => row[c]);
};

const INSERT = `INSERT INTO senders (${SENDER_COLUMNS.join(', ')}) VALUES (${SENDER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING 1`;
// SET every column but id; the WHERE clause is the optimistic-concurrency check (typeorm#2848).
const UPDATE = `UPDATE senders SET ${SENDER_COLUMNS.map((c, i) => (c === 'id' ? null : `${c} = $${i + 1}`)).filter(Boolean).join(', ')}
  WHERE id = $1 AND version = $${SENDER_COLUMNS.length + 1} RETURNING 1`;
const DELETE = `DELETE FROM senders WHERE id = $1 AND version = $2 RETURNING 1`;
const SELECT_FOR_UPDATE = prepared('sender_select_for_update',
  `SELECT * FROM senders WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);

/**
 * Write side of senders on PostgreSQL: the state row and its events in one statement
 * (EventStore.writeWithEvents), inside the caller's unit of work. A write whose expected version
 * is gone touches no row and appends nothing: a ConcurrencyError the unit of work retries.
 */
export class TypeOrmSenderRepository implements SenderRepository {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  async getForUpdate(id: string, scope: BrandScope): Promise<Sender> {
    const [row] = await this.db.query<SenderRow>(SELECT_FOR_UPDATE, [id, scope === 'all' ? null : scope]);
    if (!row) throw new NotFoundError('Sender', id);
    return Sender.restore(toSenderState(row));
  }

  add(sender: Sender): Promise<void> {
    return this.write(sender, { name: 'sender_insert', sql: INSERT, params: values(sender) });
  }

  save(sender: Sender): Promise<void> {
    return this.write(sender, { name: 'sender_update', sql: UPDATE, params: [...values(sender), sender.expectedStoredVersion] });
  }

  remove(sender: Sender): Promise<void> {
    return this.write(sender, { name: 'sender_delete', sql: DELETE, params: [sender.id, sender.expectedStoredVersion] });
  }

  /** The unique index decides duplicates, so two concurrent creates of one address cannot both pass. */
  private async write(sender: Sender, write: StateWrite): Promise<void> {
    try {
      await this.events.writeWithEvents(write, sender.pendingEvents);
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === SENDER_ADDRESS_CONSTRAINT) {
        const { brandId, channel, address } = sender.state;
        throw new DuplicateSenderError(brandId, channel, address);
      }
      throw error;
    }
  }
}
