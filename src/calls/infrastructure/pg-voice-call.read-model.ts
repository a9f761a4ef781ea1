import type { BrandScope } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type { CallOwner, VoiceCallReadModel } from '../application/voice-call-read-model.js';
import type { CallStatus, VoiceCallState } from '../domain/voice-call-state.js';
import { toVoiceCallState } from './voice-call.mapper.js';
import type { VoiceCallRow } from './voice-call.schema.js';

const BY_ID = prepared('voice_call_by_id', `SELECT * FROM voice_calls WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`);

// One statement per owner column, each on its (owner, id) index; the optional filters are
// written so the statement stays fixed (and prepared) whichever are given.
const listOf = (column: 'campaign_id' | 'lead_id') => prepared(`voice_calls_of_${column}`, `
  SELECT * FROM voice_calls
   WHERE ${column} = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2)) AND ($3::text IS NULL OR status = $3)
     AND ($4::uuid IS NULL OR id < $4)
   ORDER BY id DESC LIMIT $5`);
const LISTS = { campaign: listOf('campaign_id'), lead: listOf('lead_id') };

/** Read side of voice calls on PostgreSQL. */
export class PgVoiceCallReadModel implements VoiceCallReadModel {
  constructor(private readonly db: Database) {}

  async findById(id: string, scope: BrandScope): Promise<VoiceCallState | null> {
    const [row] = await this.db.query<VoiceCallRow>(BY_ID, [id, scope === 'all' ? null : scope]);
    return row ? toVoiceCallState(row) : null;
  }

  async list(owner: CallOwner, status: CallStatus | undefined, scope: BrandScope, limit: number, beforeId?: string): Promise<VoiceCallState[]> {
    const rows = await this.db.query<VoiceCallRow>(LISTS[owner.kind], [owner.id, scope === 'all' ? null : scope, status ?? null, beforeId ?? null, limit]);
    return rows.map(toVoiceCallState);
  }
}
