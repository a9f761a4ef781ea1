import { NotFoundError, type BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventStore } from '../../../seedwork/infrastructure/event-store/event-store.js';
import { VoiceCall } from '../domain/voice-call.js';
import type { DeliveryAttemptRef, VoiceCallRepository } from '../domain/voice-call-repository.js';
import { toVoiceCallRow, toVoiceCallState } from './voice-call.mapper.js';
import { VOICE_CALL_COLUMNS, type VoiceCallRow } from './voice-call.schema.js';

const JSON_COLUMNS = new Set<keyof VoiceCallRow>(['transcript', 'outcome']);

function values(row: VoiceCallRow): unknown[] {
  return VOICE_CALL_COLUMNS.map((c) => (JSON_COLUMNS.has(c) && row[c] !== null ? JSON.stringify(row[c]) : row[c]));
}

const scopeParam = (scope: BrandScope) => (scope === 'all' ? null : scope);

// ON CONFLICT: a call of the same delivery attempt written meanwhile inserts nothing, so no event
// is appended and writeWithEvents reports a ConcurrencyError (see VoiceCallRepository.add).
const INSERT = `INSERT INTO voice_calls (${VOICE_CALL_COLUMNS.join(', ')}) VALUES (${VOICE_CALL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING 1`;
// SET every column but id; the WHERE clause is the optimistic-concurrency check (typeorm#2848).
const UPDATE = `UPDATE voice_calls SET ${VOICE_CALL_COLUMNS.map((c, i) => (c === 'id' ? null : `${c} = $${i + 1}`)).filter(Boolean).join(', ')}
  WHERE id = $1 AND version = $${VOICE_CALL_COLUMNS.length + 1} RETURNING 1`;
const SELECT_FOR_UPDATE = prepared('voice_call_select_for_update',
  `SELECT * FROM voice_calls WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);
const SELECT_BY_PROVIDER_ID_FOR_UPDATE = prepared('voice_call_select_by_provider_id_for_update',
  `SELECT * FROM voice_calls WHERE provider_call_id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) FOR UPDATE`);
const PLACED_BY = prepared('voice_calls_placed_by',
  `SELECT delivery_id, delivery_attempt FROM voice_calls WHERE delivery_id = ANY($1::uuid[])`);

/**
 * Write side of voice calls on PostgreSQL: the state row and its events in one statement each time
 * (EventStore.writeWithEvents), inside the caller's unit of work.
 */
export class TypeOrmVoiceCallRepository implements VoiceCallRepository {
  constructor(private readonly db: Database, private readonly events: EventStore) {}

  async getForUpdate(id: string, scope: BrandScope): Promise<VoiceCall> {
    const [row] = await this.db.query<VoiceCallRow>(SELECT_FOR_UPDATE, [id, scopeParam(scope)]);
    if (!row) throw new NotFoundError('VoiceCall', id);
    return VoiceCall.restore(toVoiceCallState(row));
  }

  async findByProviderCallIdForUpdate(providerCallId: string, scope: BrandScope): Promise<VoiceCall | null> {
    const [row] = await this.db.query<VoiceCallRow>(SELECT_BY_PROVIDER_ID_FOR_UPDATE, [providerCallId, scopeParam(scope)]);
    return row ? VoiceCall.restore(toVoiceCallState(row)) : null;
  }

  async placedBy(deliveryIds: readonly string[]): Promise<DeliveryAttemptRef[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.db.query<{ delivery_id: string; delivery_attempt: number }>(PLACED_BY, [deliveryIds]);
    return rows.map((r) => ({ deliveryId: r.delivery_id, deliveryAttempt: r.delivery_attempt }));
  }

  add(call: VoiceCall): Promise<void> {
    return this.events.writeWithEvents({ name: 'voice_call_insert', sql: INSERT, params: values(toVoiceCallRow(call.state)) }, call.pendingEvents);
  }

  save(call: VoiceCall): Promise<void> {
    const params = [...values(toVoiceCallRow(call.state)), call.expectedStoredVersion];
    return this.events.writeWithEvents({ name: 'voice_call_update', sql: UPDATE, params }, call.pendingEvents);
  }
}
