import { ValidationError } from '../../../seedwork/domain/index.js';
import { MAX_CUSTOM_FIELDS, normaliseCustomFields } from '../domain/value-objects/custom-fields.js';
import { LeadImportFileError } from './import-leads-errors.js';

/** The lead fields a CSV column may name (API.md); header names match them case-insensitively. */
export const IMPORT_FIELDS = ['firstName', 'lastName', 'phone', 'email', 'timezone', 'region', 'tags', 'score', 'stage'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const BY_LOWER_NAME = new Map<string, ImportField>(IMPORT_FIELDS.map((field) => [field.toLowerCase(), field]));

/** What one column of the file holds: a lead field, or the custom field named by the header. */
export type ImportColumn =
  | { readonly kind: 'field'; readonly field: ImportField; readonly name: string }
  | { readonly kind: 'custom'; readonly key: string; readonly name: string };

/** The file's columns in order, and the header name (as written) each lead field came from. */
export interface ImportColumns {
  readonly header: readonly string[];
  readonly columns: readonly ImportColumn[];
  readonly nameOf: ReadonlyMap<ImportField, string>;
}

/** Why a header cell cannot be a custom field key, or null when it can. */
function customKeyProblem(name: string): string | null {
  try {
    normaliseCustomFields({ [name]: '' });
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return `column "${name}" is neither a lead field (${IMPORT_FIELDS.join(', ')}) nor a valid custom field name (letters, digits and _, starting with a letter or _, at most 64)`;
  }
}

/**
 * Reads the header line. Every problem with it fails the whole file, since every row would be
 * read wrongly: unnamed or repeated columns, a name that cannot be a custom field, too many custom
 * fields, or neither a phone nor an email column.
 */
export function importColumns(header: readonly string[]): ImportColumns {
  const names = header.map((cell) => cell.trim());
  if (names.every((name) => name === '')) throw new LeadImportFileError('The file is empty: its first line must name the columns (phone or email, and any of the others)');
  const problems: string[] = [];
  const seen = new Set<string>();
  const nameOf = new Map<ImportField, string>();
  const columns = names.map((name, index): ImportColumn => {
    const field = BY_LOWER_NAME.get(name.toLowerCase());
    // Lead fields are case-insensitive, custom keys are not: `Phone` repeats `phone`, `Budget` is not `budget`.
    const identity = field ?? `custom:${name}`;
    if (name === '') problems.push(`column ${index + 1} has no name`);
    else if (seen.has(identity)) problems.push(`column "${name}" appears twice`);
    seen.add(identity);
    if (field) {
      nameOf.set(field, name);
      return { kind: 'field', field, name };
    }
    const problem = name === '' ? null : customKeyProblem(name);
    if (problem) problems.push(problem);
    return { kind: 'custom', key: name, name };
  });
  const custom = columns.filter((column) => column.kind === 'custom').length;
  if (custom > MAX_CUSTOM_FIELDS) problems.push(`${custom} custom field columns; a lead has at most ${MAX_CUSTOM_FIELDS}`);
  if (!nameOf.has('phone') && !nameOf.has('email')) problems.push('the header needs a phone or an email column: a lead needs one of them');
  if (problems.length > 0) throw new LeadImportFileError(`The header line is not usable: ${problems.join('; ')}`);
  return { header: names, columns, nameOf };
}
