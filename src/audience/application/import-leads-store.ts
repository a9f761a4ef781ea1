import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { ExecutionContext } from '../../../seedwork/application/index.js';
import type { LeadState } from '../domain/lead-state.js';
import type { CountryCode } from '../domain/value-objects/phone.js';
import type { BatchPlan, DuplicatePolicy } from './import-leads-plan.js';
import type { RejectedRow } from './import-leads-rows.js';
import type { LeadImportView } from './import-leads-view.js';

export const LEAD_IMPORT_STORE = Symbol.for('LeadImportStore');

export interface NewLeadImport {
  readonly id: string;
  readonly brandId: string;
  readonly onDuplicate: DuplicatePolicy;
  readonly defaultCountry: CountryCode | null;
  /** The header as written. */
  readonly columns: readonly string[];
  readonly createdBy: string;
  readonly startedAt: Date;
}

/** What one committed batch adds to the import's counts. */
export interface BatchCounts {
  readonly rows: number;
  readonly imported: number;
  readonly updated: number;
  readonly skipped: number;
  readonly rejected: number;
}

/**
 * A plan in the form the database loads it, built outside the transaction while the previous
 * batch commits. It keeps the plan's outcome, not its leads and events: those become garbage
 * while still young, which keeps a long import's heap small.
 */
export interface EncodedBatchPlan {
  readonly outcome: Pick<BatchPlan, 'imported' | 'updated' | 'skipped' | 'rejected'>;
}

/** One batch's transaction on the import's own connection. */
export interface LeadImportBatch {
  /** The brand's leads with any of these phones or (lower-cased) emails; locked when the batch may update them. */
  existingLeads(phones: readonly string[], emails: readonly string[], forUpdate: boolean): Promise<LeadState[]>;
  /**
   * Writes the plan (leads and events set-based), the rejected rows and the counts. Throws
   * LeadImportRaceError when a lead changed under the plan; the transaction is then rolled back.
   */
  write(plan: EncodedBatchPlan, rejected: readonly RejectedRow[], counts: BatchCounts, at: Date): Promise<void>;
}

/**
 * The connection an import runs on. It holds the import's liveness lock from before the import
 * row exists until the import ends: a process that dies drops the connection, and with it the
 * lock, which is how any other process knows the import was abandoned.
 */
export interface LeadImportSession {
  /** The plan of a batch made at `at` (its PlanContext's `now`), in the form `write` loads; yields to other work while it encodes. */
  encode(plan: BatchPlan, at: Date): Promise<EncodedBatchPlan>;
  /** Runs `work` in one transaction (serialised with other imports of the brand): a batch commits whole or not at all. */
  batch(work: (batch: LeadImportBatch) => Promise<void>): Promise<void>;
  /** The whole body was read; keeps its SHA-256 when one was computed (for Idempotency-Key replays). */
  received(bodySha256: string | null): Promise<void>;
  finish(outcome: { readonly status: 'completed' } | { readonly status: 'failed'; readonly reason: string }, at: Date): Promise<void>;
  /** Releases the lock and the connection. */
  close(): Promise<void>;
}

/** One rejected row of an import, with every reason it was refused. */
export interface RejectedRowRecord {
  readonly row: number;
  readonly errors: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly cells: readonly string[];
}

export interface LeadImportStore {
  /** Takes the liveness lock for `importId` on a connection of the import's own (see LeadImportSession). */
  openSession(importId: string, brandId: string, context: ExecutionContext): Promise<LeadImportSession>;
  /** Inserts the import row, `running`, in the caller's unit of work when there is one. */
  create(record: NewLeadImport): Promise<void>;
  /** Fails every running import (or only `id`) whose liveness lock nobody holds any more; returns how many. */
  failAbandoned(reason: string, at: Date, id?: string): Promise<number>;
  find(id: string, scope: BrandScope): Promise<LeadImportView | null>;
  /** Whether the import is running, and its body's SHA-256 (null until the whole body was read, or when none was computed). */
  receivedBody(id: string): Promise<{ running: boolean; sha256: string | null }>;
  /** The file's header, or null when the import is not visible in `scope`. */
  header(id: string, scope: BrandScope): Promise<readonly string[] | null>;
  /** Rejected rows after row `afterRow`, in row order. */
  rejectedRows(id: string, afterRow: number, limit: number): Promise<RejectedRowRecord[]>;
}
