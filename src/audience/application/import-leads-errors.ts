import { ValidationError } from '../../../seedwork/domain/index.js';

/**
 * The file cannot be read as a lead CSV at all (no header, binary data, a quote never closed), as
 * opposed to a bad row, which is only rejected. Before the import is accepted it answers 400;
 * afterwards it fails the import with this message as its reason.
 */
export class LeadImportFileError extends ValidationError {
  constructor(readonly reason: string) {
    super([{ field: 'file', message: reason }]);
  }
}

/** The body passed IMPORT_MAX_BYTES: 413 before the import is accepted, its failure reason after. */
export class LeadImportTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the import limit of ${maxBytes} bytes (IMPORT_MAX_BYTES)`);
  }
}

/** The client stopped sending the file (closed the connection) before its end. */
export class LeadImportInterruptedError extends Error {
  constructor(readonly bytesReceived: number) {
    super(`The upload was interrupted after ${bytesReceived} bytes: the client closed the connection before the end of the file`);
  }
}

/**
 * A lead the batch was planned against changed under it (another writer created a lead with the
 * same phone, or updated a matched one): the batch is rolled back and planned again.
 */
export class LeadImportRaceError extends Error {
  constructor() {
    super('A lead of the batch was written concurrently; the batch is planned again');
  }
}
