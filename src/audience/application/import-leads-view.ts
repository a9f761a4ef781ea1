import type { DuplicatePolicy } from './import-leads-plan.js';

export type LeadImportStatus = 'running' | 'completed' | 'failed';

/** How many rejected rows' errors GET /leads/imports/{id} lists (API.md); errors.csv has them all. */
export const LISTED_IMPORT_ERRORS = 100;

export interface LeadImportErrorView {
  /** Row of the file as a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** The column as the header names it, or `row` for the row as a whole. */
  field: string;
  message: string;
}

/** An import as API.md represents it; the counts are those of the batches committed so far. */
export interface LeadImportView {
  id: string;
  brandId: string;
  status: LeadImportStatus;
  onDuplicate: DuplicatePolicy;
  defaultCountry: string | null;
  rowsTotal: number;
  rowsImported: number;
  rowsUpdated: number;
  rowsSkipped: number;
  rowsRejected: number;
  errors: LeadImportErrorView[];
  failureReason: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
