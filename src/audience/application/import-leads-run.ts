import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../../seedwork/domain/index.js';
import type { ImportColumns } from './import-leads-columns.js';
import { LeadImportFileError, LeadImportInterruptedError, LeadImportRaceError, LeadImportTooLargeError } from './import-leads-errors.js';
import { uuidV7Ids } from './import-leads-ids.js';
import type { LeadImportOptions } from './import-leads-options.js';
import { planBatch, type PlanContext } from './import-leads-plan.js';
import { ImportRowReader, type ImportRecord, type RejectedRow, type ValidRow } from './import-leads-rows.js';
import type { BatchCounts, EncodedBatchPlan, LeadImportSession } from './import-leads-store.js';

/** A CSV file being received: its header (already read), then its records as they arrive. */
export interface CsvImportFile {
  readonly header: readonly string[];
  /**
   * Records in file order, one chunk's worth at a time. Throws LeadImportFileError,
   * LeadImportTooLargeError or LeadImportInterruptedError when the rest of the file cannot be read.
   */
  readonly records: AsyncIterable<readonly ImportRecord[]>;
  bytesRead(): number;
  /** SHA-256 (hex) of the whole body once it has been read, when hashing was asked for. */
  digest(): string | null;
  /** Reads the rest of the body without parsing it (a replay only compares it). */
  drain(): Promise<void>;
}

export interface ImportCounts {
  rowsTotal: number;
  rowsImported: number;
  rowsUpdated: number;
  rowsSkipped: number;
  rowsRejected: number;
}

export interface ImportProgress extends Readonly<ImportCounts> {
  readonly bytesRead: number;
}

export interface ImportSummary extends Readonly<ImportCounts> {
  readonly id: string;
  readonly status: 'completed' | 'failed';
  readonly failureReason: string | null;
  /** The error behind a failure the import did not expect (a database error...), for the caller to log. */
  readonly unexpectedError?: unknown;
}

export interface RunningImport {
  /** Settles once the whole file has been read (its last batches may still be loading), with the import's status then. */
  readonly received: Promise<'running' | 'failed'>;
  readonly finished: Promise<ImportSummary>;
}

const RACE_ATTEMPTS = 5;
/**
 * Rows validated between two turns of the event loop (a few milliseconds of work): the batch
 * loading meanwhile gets its next statement or COPY data out without waiting for a whole chunk of
 * the file to be validated, so the database is not left idle.
 */
const ROWS_PER_TURN = 128;

/** The failure reason of a file that broke while it was read; null for an error the import did not expect. */
function fileFailure(error: unknown): string | null {
  if (error instanceof LeadImportFileError) return error.reason;
  if (error instanceof LeadImportTooLargeError || error instanceof LeadImportInterruptedError) return error.message;
  return null;
}

const UNEXPECTED = 'An unexpected error stopped the import (it has been logged); the rows counted were committed in whole batches';

/**
 * A batch of the file, validated and planned as if none of its leads existed yet — what a file of
 * new contacts turns out to be — waiting for its transaction. The transaction plans it again only
 * when the database does hold some of its leads.
 */
interface PreparedBatch {
  readonly valid: readonly ValidRow[];
  readonly rejected: readonly RejectedRow[];
  readonly rows: number;
  readonly context: PlanContext;
  readonly optimistic: EncodedBatchPlan;
}

/**
 * Reads the file and loads it batch by batch. Validation of a batch (CPU) overlaps the previous
 * batch's transaction (database); batches still commit strictly one after the other, because a
 * batch is matched against what the previous ones wrote. At most two batches are in memory, and
 * the file is pulled only as fast as batches commit: that is the backpressure on the upload.
 */
export class ImportRun {
  readonly #counts: ImportCounts = { rowsTotal: 0, rowsImported: 0, rowsUpdated: 0, rowsSkipped: 0, rowsRejected: 0 };
  readonly #reader: ImportRowReader;
  readonly #newId = uuidV7Ids();
  readonly #emailColumn: string;
  /** Whether the next batch looks up its phones before writing (see #write). */
  #readFirst = false;

  constructor(
    readonly id: string,
    private readonly session: LeadImportSession,
    private readonly file: CsvImportFile,
    columns: ImportColumns,
    private readonly options: LeadImportOptions,
    private readonly settings: { readonly batchSize: number },
    private readonly clock: Clock,
  ) {
    this.#reader = new ImportRowReader(columns, options.defaultCountry);
    this.#emailColumn = columns.nameOf.get('email') ?? 'email';
  }

  start(onProgress?: (progress: ImportProgress) => void): RunningImport {
    let received!: (status: 'running' | 'failed') => void;
    const receivedPromise = new Promise<'running' | 'failed'>((resolve) => (received = resolve));
    const finished = this.#load(received, onProgress);
    return { received: receivedPromise, finished };
  }

  async #load(received: (status: 'running' | 'failed') => void, onProgress?: (progress: ImportProgress) => void): Promise<ImportSummary> {
    let writing: Promise<void> = Promise.resolve();
    // Rows are validated as they arrive, so a record is garbage before the next chunk is awaited.
    let valid: ValidRow[] = [];
    let rejected: RejectedRow[] = [];
    const submit = async () => {
      const batch = await this.#prepare(valid, rejected);
      valid = [];
      rejected = [];
      await writing;
      writing = this.#write(batch).then(() => onProgress?.({ ...this.#counts, bytesRead: this.file.bytesRead() }));
      writing.catch(() => undefined); // awaited by the next submit or at the end
    };
    let sinceTurn = 0;
    try {
      for await (const chunk of this.file.records) {
        for (const record of chunk) {
          if (++sinceTurn === ROWS_PER_TURN) {
            sinceTurn = 0;
            await nextTurn();
          }
          const read = this.#reader.read(record);
          if (read === null) continue;
          if ('valid' in read) valid.push(read.valid);
          else rejected.push(read.rejected);
          if (valid.length + rejected.length === this.settings.batchSize) await submit();
        }
      }
      await this.session.received(this.file.digest());
      received('running');
      if (valid.length + rejected.length > 0) await submit();
      await writing;
      await this.session.finish({ status: 'completed' }, this.clock.now());
      return { id: this.id, status: 'completed', failureReason: null, ...this.#counts };
    } catch (error) {
      // The batch in flight commits or rolls back first, so the counts recorded with the failure are final.
      await writing.catch(() => undefined);
      const known = fileFailure(error);
      const reason = known ?? UNEXPECTED;
      await this.session.finish({ status: 'failed', reason }, this.clock.now()).catch(() => undefined);
      received('failed');
      return { id: this.id, status: 'failed', failureReason: reason, ...this.#counts, ...(known === null && { unexpectedError: error }) };
    } finally {
      await this.session.close();
    }
  }

  async #prepare(valid: readonly ValidRow[], rejected: readonly RejectedRow[]): Promise<PreparedBatch> {
    const { brandId, onDuplicate } = this.options;
    const context: PlanContext = { brandId, onDuplicate, now: this.clock.now(), emailColumn: this.#emailColumn, newId: this.#newId };
    const optimistic = await this.session.encode(planBatch(valid, [], context), context.now);
    return { valid, rejected, rows: valid.length + rejected.length, context, optimistic };
  }

  /**
   * One transaction; planned again from a fresh read when another writer raced it. Rows with a
   * phone are matched by the unique (brand_id, phone) index: while the previous batch found none
   * of its leads stored, a batch is written as planned, without reading, and a row count short of
   * the plan (a phone already stored) sends it back to be read first. Rows without a phone are
   * matched by email, which no index enforces, so their emails are always looked up.
   */
  async #write(batch: PreparedBatch): Promise<void> {
    const phones = batch.valid.flatMap((row) => (row.contact.phone !== null ? [row.contact.phone] : []));
    const emails = batch.valid.flatMap((row) => (row.contact.phone === null ? [row.contact.email!.toLowerCase()] : []));
    const forUpdate = this.options.onDuplicate === 'update';
    let readFirst = this.#readFirst;
    for (let attempt = 1; ; attempt++) {
      let counts: BatchCounts | undefined;
      let found = false;
      try {
        await this.session.batch(async (tx) => {
          let existing = await tx.existingLeads(readFirst ? phones : [], emails, forUpdate);
          if (existing.length > 0 && !readFirst) existing = await tx.existingLeads(phones, emails, forUpdate);
          found = existing.length > 0;
          const encoded = found ? await this.session.encode(planBatch(batch.valid, existing, batch.context), batch.context.now) : batch.optimistic;
          const rejected = [...batch.rejected, ...encoded.outcome.rejected];
          const { imported, updated, skipped } = encoded.outcome;
          counts = { rows: batch.rows, imported, updated, skipped, rejected: rejected.length };
          await tx.write(encoded, rejected, counts, batch.context.now);
        });
      } catch (error) {
        if (!(error instanceof LeadImportRaceError)) throw error;
        // A batch written without reading met a stored lead: not a race, so no attempt is spent.
        if (!readFirst) {
          readFirst = true;
          attempt--;
          continue;
        }
        if (attempt < RACE_ATTEMPTS) continue;
        throw error;
      }
      // A file that repeats stored leads (a second import of a list) is read first while its batches keep finding some.
      this.#readFirst = found;
      this.#counts.rowsTotal += counts!.rows;
      this.#counts.rowsImported += counts!.imported;
      this.#counts.rowsUpdated += counts!.updated;
      this.#counts.rowsSkipped += counts!.skipped;
      this.#counts.rowsRejected += counts!.rejected;
      return;
    }
  }
}
