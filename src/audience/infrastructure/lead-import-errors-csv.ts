import type { LeadImportRejections } from '../application/import-leads-queries.js';

/** What spreadsheets read as the start of a formula (OWASP "CSV injection"), tab and carriage return included. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula gets a leading `'`, which
 * spreadsheets show as text: an uploaded `=HYPERLINK(…)` comes back inert. It applies to phones
 * written `+57…` as well; the apostrophe is visible, the number intact.
 */
export function csvCell(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * errors.csv: one line per rejected row — its row number, every reason, then its cells under the
 * file's own header — so the rows can be fixed and imported again once the first two columns are
 * removed. Starts with a UTF-8 BOM, without which Excel reads the file as ANSI.
 */
export async function* rejectionsCsv({ header, pages }: LeadImportRejections): AsyncIterable<string> {
  yield `\uFEFF${csvLine(['row', 'reason', ...header])}`;
  for await (const page of pages) {
    yield page.map(({ row, errors, cells }) => csvLine([String(row), errors.map((e) => `${e.field}: ${e.message}`).join('; '), ...cells])).join('');
  }
}
