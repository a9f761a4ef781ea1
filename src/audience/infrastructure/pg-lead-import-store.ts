import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { ExecutionContext } from '../../../seedwork/application/index.js';
import type { Database } from '../../../seedwork/infrastructure/database/database.js';
import type { EventMetadata } from '../../../seedwork/infrastructure/event-store/event-store.js';
import type { LeadState } from '../domain/lead-state.js';
import { LeadImportRaceError } from '../application/import-leads-errors.js';
import type { BatchPlan } from '../application/import-leads-plan.js';
import type { RejectedRow } from '../application/import-leads-rows.js';
import type {
  BatchCounts, EncodedBatchPlan, LeadImportBatch, LeadImportSession, LeadImportStore, NewLeadImport, RejectedRowRecord,
} from '../application/import-leads-store.js';
import { LISTED_IMPORT_ERRORS, type LeadImportView } from '../application/import-leads-view.js';
import { EVENT_COLUMNS, eventLines, LEAD_STAGE_COLUMNS, leadLines } from './lead-import-copy.js';
import { toLeadState } from './lead.mapper.js';
import type { LeadRow } from './lead.schema.js';

/**
 * Advisory lock spaces (the two-key form, which never collides with the one-key locks elsewhere).
 * LIVENESS: held by a running import's connection for its whole life, keyed by the import id.
 * BRAND: taken by each batch transaction, so concurrent imports of one brand match their rows
 * against each other's committed batches (emails are not unique, no index would catch them).
 */
const LIVENESS_LOCK = 727_002;
const BRAND_LOCK = 727_003;
/** Serialization failure and deadlock: another writer won; the batch is planned again. */
const RACE_SQLSTATES = new Set(['40001', '40P01']);

// Temporary, so the staging rows are never WAL-logged nor visible to any other session; emptied at each commit.
const CREATE_STAGING = `
  CREATE TEMP TABLE lead_import_leads (
    expected_version integer, version integer NOT NULL, id uuid NOT NULL, first_name text NOT NULL, last_name text NOT NULL,
    phone text, email text, timezone text, region text, tags text[] NOT NULL, custom_fields jsonb NOT NULL,
    treatment text NOT NULL, next_action_at timestamptz, notes text NOT NULL, score integer NOT NULL, stage text NOT NULL
  ) ON COMMIT DELETE ROWS`;

/** The contact fields: all an update changes, besides its version and instant. */
const CONTACT_COLUMNS = ['first_name', 'last_name', 'phone', 'email', 'timezone', 'region', 'tags', 'custom_fields', 'treatment', 'next_action_at', 'notes'];

const EXISTING = `SELECT * FROM leads WHERE brand_id = $1 AND (phone = ANY($2::text[]) OR lower(email) = ANY($3::text[])) ORDER BY id`;

// One statement per batch for the new leads, the columns every new lead shares from parameters
// (Lead.create: stage entered, consent given and created at the batch's instant, nobody assigned,
// never contacted). The unique (brand_id, phone) index settles a lead created meanwhile, by
// another writer or before the import: its row is left out, which the row count reveals.
const INSERT_LEADS = `
  INSERT INTO leads (id, brand_id, ${CONTACT_COLUMNS.join(', ')}, score, stage, stage_entered_at, assigned_to,
    do_not_contact, opted_out_channels, consent_reason, consent_updated_at, last_contacted_at, interactions, version, created_at, updated_at)
  SELECT id, $1, ${CONTACT_COLUMNS.join(', ')}, score, stage, $2, NULL, false, '{}', NULL, $2, NULL, 0, version, $2, $2
  FROM lead_import_leads WHERE expected_version IS NULL
  ON CONFLICT (brand_id, phone) WHERE phone IS NOT NULL DO NOTHING`;

// And one for the updated leads, each only at the version the plan read (optimistic concurrency).
const UPDATE_LEADS = `
  UPDATE leads l SET ${CONTACT_COLUMNS.map((c) => `${c} = s.${c}`).join(', ')}, version = s.version, updated_at = $1
  FROM lead_import_leads s WHERE s.expected_version IS NOT NULL AND l.id = s.id AND l.version = s.expected_version`;

// The events go straight into the log, in order: COPY fires the outbox trigger (BEFORE INSERT FOR
// EACH STATEMENT) once per batch, as an INSERT does, and parses each row only once.
const COPY_EVENTS = `COPY domain_events (${EVENT_COLUMNS.join(', ')}) FROM STDIN`;
const COPY_LEADS = `COPY lead_import_leads (${LEAD_STAGE_COLUMNS.join(', ')}) FROM STDIN`;

const INSERT_ERRORS = `
  INSERT INTO lead_import_errors (import_id, brand_id, row_number, field, message, raw)
  SELECT $1, $2, e.row_number, e.field, e.message, e.raw
  FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS e(row_number, field, message, raw)`;

const ADD_COUNTS = `
  UPDATE lead_imports SET rows_total = rows_total + $2, rows_imported = rows_imported + $3, rows_updated = rows_updated + $4,
    rows_skipped = rows_skipped + $5, rows_rejected = rows_rejected + $6, updated_at = $7
  WHERE id = $1`;

interface ImportRow {
  id: string;
  brand_id: string;
  status: LeadImportView['status'];
  on_duplicate: LeadImportView['onDuplicate'];
  default_country: string | null;
  rows_total: number;
  rows_imported: number;
  rows_updated: number;
  rows_skipped: number;
  rows_rejected: number;
  failure_reason: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  errors: LeadImportView['errors'];
}

const scopeParam = (scope: BrandScope) => (scope === 'all' ? null : scope);

/** One (row, field) per error row: two messages on one field of one row are joined. */
function errorRows(rejected: readonly RejectedRow[]): [number[], string[], string[], string[]] {
  const rows: number[] = [];
  const fields: string[] = [];
  const messages: string[] = [];
  const raws: string[] = [];
  for (const { row, errors, cells } of rejected) {
    const byField = new Map<string, string[]>();
    for (const { field, message } of errors) byField.set(field, [...(byField.get(field) ?? []), message]);
    const raw = JSON.stringify(cells);
    for (const [field, list] of byField) {
      rows.push(row);
      fields.push(field);
      messages.push(list.join('; '));
      raws.push(raw);
    }
  }
  return [rows, fields, messages, raws];
}

/** A plan's COPY data and the row counts its statements must report. */
class CopyData implements EncodedBatchPlan {
  private constructor(
    readonly outcome: EncodedBatchPlan['outcome'],
    readonly inserts: number,
    readonly updates: number,
    readonly leads: Buffer[],
    readonly events: Buffer[],
  ) {}

  static async of({ imported, updated, skipped, rejected, inserts, updates, events }: BatchPlan, brandId: string, at: Date, metadata: string): Promise<CopyData> {
    const leads = await leadLines([...inserts.map((state) => ({ state, expectedVersion: null })), ...updates], brandId, at);
    return new CopyData({ imported, updated, skipped, rejected }, inserts.length, updates.length, leads, await eventLines(events, metadata));
  }
}

class PgLeadImportBatch implements LeadImportBatch {
  constructor(private readonly client: pg.Client, private readonly importId: string, private readonly brandId: string) {}

  async existingLeads(phones: readonly string[], emails: readonly string[], forUpdate: boolean): Promise<LeadState[]> {
    if (phones.length === 0 && emails.length === 0) return [];
    const { rows } = await this.client.query<LeadRow>(`${EXISTING}${forUpdate ? ' FOR UPDATE' : ''}`, [this.brandId, phones, emails]);
    return rows.map(toLeadState);
  }

  async write(encoded: EncodedBatchPlan, rejected: readonly RejectedRow[], counts: BatchCounts, at: Date): Promise<void> {
    if (!(encoded instanceof CopyData)) throw new TypeError('A plan must be encoded by the session that writes it');
    if (encoded.events.length > 0) {
      await this.#copy(COPY_LEADS, encoded.leads);
      await this.#expectRows(INSERT_LEADS, [this.brandId, at], encoded.inserts);
      await this.#expectRows(UPDATE_LEADS, [at], encoded.updates);
      await this.#copy(COPY_EVENTS, encoded.events);
    }
    if (rejected.length > 0) await this.client.query(INSERT_ERRORS, [this.importId, this.brandId, ...errorRows(rejected)]);
    await this.client.query(ADD_COUNTS, [this.importId, counts.rows, counts.imported, counts.updated, counts.skipped, counts.rejected, at]);
  }

  async #expectRows(sql: string, params: unknown[], expected: number): Promise<void> {
    if (expected === 0) return;
    const { rowCount } = await this.client.query(sql, params);
    if (rowCount !== expected) throw new LeadImportRaceError();
  }

  async #copy(sql: string, data: readonly Buffer[]): Promise<void> {
    await pipeline(Readable.from(data), this.client.query(copyFrom(sql)));
  }
}

class PgLeadImportSession implements LeadImportSession {
  #broken: Error | undefined;

  constructor(private readonly client: pg.Client, private readonly importId: string, private readonly brandId: string, private readonly metadata: string) {
    // An idle client whose connection drops emits 'error'; unheard, it would end the process.
    client.on('error', (error) => (this.#broken ??= error));
  }

  encode(plan: BatchPlan, at: Date): Promise<EncodedBatchPlan> {
    return CopyData.of(plan, this.brandId, at, this.metadata);
  }

  async batch(work: (batch: LeadImportBatch) => Promise<void>): Promise<void> {
    if (this.#broken) throw this.#broken;
    await this.client.query('BEGIN');
    try {
      await this.client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BRAND_LOCK, this.brandId]);
      await work(new PgLeadImportBatch(this.client, this.importId, this.brandId));
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      if (RACE_SQLSTATES.has((error as { code?: string }).code ?? '')) throw new LeadImportRaceError();
      throw error;
    }
  }

  async received(bodySha256: string | null): Promise<void> {
    if (bodySha256 !== null) await this.client.query(`UPDATE lead_imports SET body_sha256 = $2 WHERE id = $1`, [this.importId, bodySha256]);
  }

  async finish(outcome: { status: 'completed' } | { status: 'failed'; reason: string }, at: Date): Promise<void> {
    await this.client.query(
      `UPDATE lead_imports SET status = $2, failure_reason = $3, finished_at = $4, updated_at = $4 WHERE id = $1 AND status = 'running'`,
      [this.importId, outcome.status, outcome.status === 'failed' ? outcome.reason : null, at],
    );
  }

  /** Ending the session releases the liveness lock and drops the staging tables. */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** LeadImportStore on PostgreSQL: sessions on connections of their own, reads through the service's pool. */
export class PgLeadImportStore implements LeadImportStore {
  constructor(private readonly db: Database, private readonly databaseUrl: string) {}

  async openSession(importId: string, brandId: string, context: ExecutionContext): Promise<LeadImportSession> {
    // Not a pooled connection: an import holds its connection for minutes, which would starve the API's pool.
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'campaign-service-import' });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK, importId]);
      await client.query(CREATE_STAGING);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    const { actor, correlationId, causationId } = context;
    const metadata: EventMetadata = { correlationId, causationId: causationId ?? null, actor: { sub: actor.sub, role: actor.role } };
    return new PgLeadImportSession(client, importId, brandId, JSON.stringify(metadata));
  }

  async create(record: NewLeadImport): Promise<void> {
    await this.db.execute(
      `INSERT INTO lead_imports (id, brand_id, status, on_duplicate, default_country, columns, created_by, started_at, updated_at)
       VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $7)`,
      [record.id, record.brandId, record.onDuplicate, record.defaultCountry, record.columns, record.createdBy, record.startedAt],
    );
  }

  /**
   * One statement: a running import whose liveness lock can be taken has no live process. The
   * lock is taken for this transaction only, so the check leaves nothing held behind.
   */
  failAbandoned(reason: string, at: Date, id?: string): Promise<number> {
    return this.db.execute(
      `UPDATE lead_imports SET status = 'failed', failure_reason = $1, finished_at = $2, updated_at = $2
       WHERE status = 'running' AND ($3::uuid IS NULL OR id = $3) AND pg_try_advisory_xact_lock(${LIVENESS_LOCK}, hashtext(id::text))`,
      [reason, at, id ?? null],
    );
  }

  async find(id: string, scope: BrandScope): Promise<LeadImportView | null> {
    const [row] = await this.db.query<ImportRow>(
      `SELECT i.*, (
         SELECT coalesce(json_agg(json_build_object('row', e.row_number, 'field', e.field, 'message', e.message) ORDER BY e.row_number, e.field), '[]')
         FROM (SELECT row_number, field, message FROM lead_import_errors WHERE import_id = i.id ORDER BY row_number, field LIMIT ${LISTED_IMPORT_ERRORS}) e
       ) AS errors
       FROM lead_imports i WHERE i.id = $1 AND ($2::text[] IS NULL OR i.brand_id = ANY($2))`,
      [id, scopeParam(scope)],
    );
    if (!row) return null;
    return {
      id: row.id,
      brandId: row.brand_id,
      status: row.status,
      onDuplicate: row.on_duplicate,
      defaultCountry: row.default_country,
      rowsTotal: row.rows_total,
      rowsImported: row.rows_imported,
      rowsUpdated: row.rows_updated,
      rowsSkipped: row.rows_skipped,
      rowsRejected: row.rows_rejected,
      errors: row.errors,
      failureReason: row.failure_reason,
      startedAt: row.started_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  async receivedBody(id: string): Promise<{ running: boolean; sha256: string | null }> {
    const [row] = await this.db.query<{ status: string; body_sha256: string | null }>(`SELECT status, body_sha256 FROM lead_imports WHERE id = $1`, [id]);
    return { running: row?.status === 'running', sha256: row?.body_sha256 ?? null };
  }

  async header(id: string, scope: BrandScope): Promise<readonly string[] | null> {
    const [row] = await this.db.query<{ columns: string[] }>(
      `SELECT columns FROM lead_imports WHERE id = $1 AND ($2::text[] IS NULL OR brand_id = ANY($2))`,
      [id, scopeParam(scope)],
    );
    return row?.columns ?? null;
  }

  async rejectedRows(id: string, afterRow: number, limit: number): Promise<RejectedRowRecord[]> {
    const rows = await this.db.query<{ row_number: number; errors: RejectedRowRecord['errors']; raw: string }>(
      `SELECT row_number, json_agg(json_build_object('field', field, 'message', message) ORDER BY field) AS errors, min(raw) AS raw
       FROM lead_import_errors WHERE import_id = $1 AND row_number > $2
       GROUP BY row_number ORDER BY row_number LIMIT $3`,
      [id, afterRow, limit],
    );
    return rows.map((row) => ({ row: row.row_number, errors: row.errors, cells: JSON.parse(row.raw) as string[] }));
  }
}
