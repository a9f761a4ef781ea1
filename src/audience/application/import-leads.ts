import { inject, injectable } from 'inversify';
import { ForbiddenError, newId, scopeIncludes, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, type ExecutionContext } from '../../../seedwork/application/index.js';
import { importColumns, type ImportColumns } from './import-leads-columns.js';
import { ABANDONED_REASON } from './import-leads-queries.js';
import type { LeadImportOptions } from './import-leads-options.js';
import { ImportRun, type CsvImportFile, type ImportProgress, type RunningImport } from './import-leads-run.js';
import { LEAD_IMPORT_STORE, type LeadImportStore } from './import-leads-store.js';

export const CSV_IMPORT_READER = Symbol.for('CsvImportReader');
export const LEAD_IMPORT_SETTINGS = Symbol.for('LeadImportSettings');

export interface LeadImportSettings {
  /** Rows per batch: one transaction, one COPY and one INSERT … SELECT each. */
  readonly batchSize: number;
  /** The largest body accepted (IMPORT_MAX_BYTES). */
  readonly maxBytes: number;
}

/** Reads a body as CSV (csv-parse in infrastructure). */
export interface CsvImportReader {
  /** Reads up to the end of the header line; throws LeadImportFileError, LeadImportTooLargeError or LeadImportInterruptedError. */
  open(body: AsyncIterable<Uint8Array>, options: { readonly maxBytes: number; readonly hash: boolean }): Promise<CsvImportFile>;
}

/** A file whose header line has been read and is usable. */
export interface OpenedImportFile {
  readonly file: CsvImportFile;
  readonly columns: ImportColumns;
}

/** An import whose row exists (once the caller's transaction commits) and whose connection holds its liveness lock. */
export interface PreparedImport {
  readonly id: string;
  /** Starts loading; call after the transaction that created the import row committed. */
  run(onProgress?: (progress: ImportProgress) => void): RunningImport;
  /** Releases the connection of an import that will not run (its creating transaction failed). */
  abandon(): Promise<void>;
}

/**
 * CSV import of leads, for the HTTP route and the command line alike: read the header, prepare
 * the import (liveness lock, then the `running` row), then run it while the file streams in.
 */
@injectable()
export class LeadImports {
  constructor(
    @inject(LEAD_IMPORT_STORE) private readonly store: LeadImportStore,
    @inject(CSV_IMPORT_READER) private readonly reader: CsvImportReader,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LEAD_IMPORT_SETTINGS) readonly settings: LeadImportSettings,
  ) {}

  /** Brand managers import into their brands only; admins and the system into any. */
  authorize(context: ExecutionContext, brandId: string): void {
    if (!scopeIncludes(brandScopeOf(context.actor), brandId)) throw new ForbiddenError(`You may not import leads into brand '${brandId}'`);
  }

  /** Reads the body up to the end of its header line and checks the columns; the rest is read by `run`. */
  async open(body: AsyncIterable<Uint8Array>, { hash = false }: { hash?: boolean } = {}): Promise<OpenedImportFile> {
    const file = await this.reader.open(body, { maxBytes: this.settings.maxBytes, hash });
    return { file, columns: importColumns(file.header) };
  }

  /**
   * Takes the liveness lock on the import's own connection, then inserts the `running` row (in the
   * caller's unit of work, if any): no process can ever see the import running without an owner.
   */
  async prepare(context: ExecutionContext, options: LeadImportOptions, { file, columns }: OpenedImportFile): Promise<PreparedImport> {
    this.authorize(context, options.brandId);
    // Imports of crashed processes are failed before a new one starts, so a restarted service cleans up on its first import.
    await this.store.failAbandoned(ABANDONED_REASON, this.clock.now());
    const id = newId();
    const session = await this.store.openSession(id, options.brandId, context);
    try {
      await this.store.create({
        id,
        brandId: options.brandId,
        onDuplicate: options.onDuplicate,
        defaultCountry: options.defaultCountry ?? null,
        columns: columns.header,
        createdBy: context.actor.sub,
        startedAt: this.clock.now(),
      });
    } catch (error) {
      await session.close();
      throw error;
    }
    const run = new ImportRun(id, session, file, columns, options, this.settings, this.clock);
    return { id, run: (onProgress) => run.start(onProgress), abandon: () => session.close() };
  }

  /** Fails the running imports whose process is gone; returns how many. */
  failAbandoned(): Promise<number> {
    return this.store.failAbandoned(ABANDONED_REASON, this.clock.now());
  }

  /** Whether an import is still running, and the SHA-256 of its body once it was read whole (when it was computed). */
  receivedBody(id: string): Promise<{ running: boolean; sha256: string | null }> {
    return this.store.receivedBody(id);
  }
}
