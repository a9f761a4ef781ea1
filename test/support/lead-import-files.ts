// CSV files for the lead import tests, with the outcome each row must have computed while the
// file is generated, and helpers to upload a file and wait for its import.
import type { ApiResponse } from './test-app.js';

export type RowOutcome = 'imported' | 'skipped' | 'updated' | 'rejected';

/** One generated row: its cells (by header name) and what the import must make of it. */
export interface GeneratedRow {
  readonly cells: Readonly<Record<string, string>>;
  /** Outcome with onDuplicate=skip, and with onDuplicate=update. */
  readonly skip: RowOutcome;
  readonly update: RowOutcome;
  /** Header names of the columns the row is rejected for (`row` for the row as a whole). */
  readonly errors?: readonly string[];
}

export interface CsvOptions {
  readonly delimiter?: ',' | ';';
  readonly bom?: boolean;
  readonly eol?: '\n' | '\r\n';
}

/** A cell quoted as RFC 4180 needs it. */
export function csvCell(value: string, delimiter: string = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(lines: ReadonlyArray<readonly string[]>, { delimiter = ',', bom = false, eol = '\n' }: CsvOptions = {}): string {
  return `${bom ? '\uFEFF' : ''}${lines.map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter)).join(eol)}${eol}`;
}

let serial = 0;
const RUN = String(Math.floor(Math.random() * 900) + 100);

/** A fresh Colombian mobile: how it is written nationally (read with defaultCountry CO) and its E.164. */
export function aMobile(): { national: string; international: string; e164: string } {
  const digits = `${RUN}${String(++serial).padStart(4, '0')}`;
  return { national: `300 ${digits.slice(0, 3)} ${digits.slice(3)}`, international: `+57 300 ${digits}`, e164: `+57300${digits}` };
}

export interface ImportCounts {
  rowsTotal: number;
  rowsImported: number;
  rowsUpdated: number;
  rowsSkipped: number;
  rowsRejected: number;
}

/** The counts the import must report for `rows` under a policy. */
export function expectedCounts(rows: readonly GeneratedRow[], policy: 'skip' | 'update'): ImportCounts {
  const of = (outcome: RowOutcome) => rows.filter((row) => row[policy] === outcome).length;
  return { rowsTotal: rows.length, rowsImported: of('imported'), rowsUpdated: of('updated'), rowsSkipped: of('skipped'), rowsRejected: of('rejected') };
}

/** `{row, field}` of every error, in the order the API lists them, for rows that follow a header at row 1. */
export function expectedErrors(rows: readonly GeneratedRow[], rowNumbers: readonly number[]): Array<{ row: number; field: string }> {
  return rows
    .flatMap((row, i) => (row.errors ?? []).map((field) => ({ row: rowNumbers[i]!, field })))
    .sort((a, b) => a.row - b.row || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

/** GET /leads/imports/{id} as API.md and the OpenAPI document describe it. */
export interface LeadImportResult extends ImportCounts {
  id: string;
  brandId: string;
  status: 'running' | 'completed' | 'failed';
  onDuplicate: 'skip' | 'update';
  defaultCountry: string | null;
  errors: Array<{ row: number; field: string; message: string }>;
  failureReason: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Uploads a CSV body as text/csv; `query` is the query string without `?`. */
export function upload(api: Api, query: string, body: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return api('POST', `/api/v1/leads/imports?${query}`, body, { 'content-type': 'text/csv', ...headers });
}

/** Polls an import until it is no longer running. */
export async function finishedImport(api: Api, id: string, timeoutMs = 120_000): Promise<LeadImportResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `/api/v1/leads/imports/${id}`);
    if (res.status !== 200) throw new Error(`GET import ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const result = res.body as LeadImportResult;
    if (result.status !== 'running') return result;
    if (Date.now() > deadline) throw new Error(`import ${id} still running after ${timeoutMs} ms: ${JSON.stringify(result)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads and waits for the end; fails the test unless the upload was accepted. */
export async function importFile(api: Api, query: string, body: string, headers: Record<string, string> = {}): Promise<LeadImportResult> {
  const res = await upload(api, query, body, headers);
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
  return finishedImport(api, res.body.id);
}
