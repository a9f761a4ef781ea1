import { oneOf, ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import { CONTACT_FIELDS, LEAD_STAGES, type ContactField, type CustomFieldValue, type LeadContactFields, type LeadStage } from '../domain/lead-state.js';
import { contactFieldsForCreate, type LeadContactInput } from '../domain/value-objects/contact-fields.js';
import type { CountryCode } from '../domain/value-objects/phone.js';
import { scoreValue } from '../domain/value-objects/score.js';
import type { ImportColumns, ImportField } from './import-leads-columns.js';

/** One record of the file; `row` counts like a spreadsheet does (the header is row 1). */
export interface ImportRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

export interface RejectedRow {
  readonly row: number;
  /** `field` is the column as the header names it (`row` for problems of the whole row). */
  readonly errors: readonly FieldError[];
  readonly cells: readonly string[];
}

/** A row that makes a valid new lead, normalised by the same rules as the aggregate. */
export interface ValidRow {
  readonly row: number;
  /** Every contact field, defaulted where the row gives none (what a new lead gets). */
  readonly contact: LeadContactFields;
  readonly score: number;
  readonly stage: LeadStage;
  /** The contact fields the row has a value for: on a duplicate in update mode, only these change. */
  readonly given: readonly ContactField[];
  /**
   * The cells of a row matched by email, which the database can still refuse (an email several
   * leads share); other rows do not keep them, which halves what a batch holds in memory.
   */
  readonly cells?: readonly string[];
}

export type ReadRow = { readonly valid: ValidRow } | { readonly rejected: RejectedRow };

const INTEGER = /^[+-]?\d+$/;
// Only text that reads back exactly as written becomes a number: `007` and `1.50` stay strings.
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * A custom cell as JSON: canonical numbers and true/false (any case, as spreadsheets write them)
 * become numbers and booleans, so segments can compare them; everything else stays text.
 */
function customValue(text: string): CustomFieldValue {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (NUMBER.test(text)) {
    const number = Number(text);
    if (String(number) === text) return number;
  }
  return text;
}

function attempt<T>(errors: FieldError[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors.push(...error.errors);
    return undefined;
  }
}

/**
 * Turns records into leads with the aggregate's own rules (contactFieldsForCreate, scoreValue, the
 * stages): a row is rejected exactly when POST /leads would refuse the same values, whatever the
 * brand's leads, so the outcome of a row never depends on what else is in the database.
 */
export class ImportRowReader {
  readonly #width: number;
  readonly #givenByMask = new Map<number, readonly ContactField[]>();

  constructor(private readonly columns: ImportColumns, private readonly defaultCountry: CountryCode | undefined) {
    this.#width = columns.columns.length;
  }

  /** The row's lead, or its rejection; null for a row with no value at all (a blank line). */
  read({ row, cells }: ImportRecord): ReadRow | null {
    if (cells.every((cell) => cell.trim() === '')) return null;
    // Extra empty cells are what spreadsheets leave after the last column; anything else shifts values.
    if (cells.length < this.#width || cells.slice(this.#width).some((cell) => cell.trim() !== '')) {
      const message = `has ${cells.length} values; the header names ${this.#width} columns`;
      return { rejected: { row, errors: [{ field: 'row', message }], cells } };
    }
    const input: Record<string, unknown> = {};
    const custom: Record<string, CustomFieldValue> = {};
    let hasCustom = false;
    let score: unknown;
    let stage: unknown;
    for (let i = 0; i < this.#width; i++) {
      const text = cells[i]!.trim();
      if (text === '') continue;
      const column = this.columns.columns[i]!;
      if (column.kind === 'custom') {
        custom[column.key] = customValue(text);
        hasCustom = true;
        continue;
      }
      switch (column.field) {
        case 'tags':
          input.tags = text.split(';').map((tag) => tag.trim()).filter((tag) => tag !== '');
          break;
        case 'score':
          score = INTEGER.test(text) ? Number(text) : text;
          break;
        case 'stage':
          stage = text.toLowerCase();
          break;
        default:
          input[column.field] = text;
      }
    }
    if (hasCustom) input.customFields = custom;

    const errors: FieldError[] = [];
    const contact = attempt(errors, () => contactFieldsForCreate(input as LeadContactInput, this.defaultCountry));
    const validScore = score === undefined ? 0 : attempt(errors, () => scoreValue(score));
    const validStage = stage === undefined ? 'new' : attempt(errors, () => oneOf(LEAD_STAGES, stage, 'stage'));
    if (errors.length > 0) return { rejected: { row, errors: errors.map((e) => ({ field: this.#columnOf(e.field), message: e.message })), cells } };
    return { valid: { row, contact: contact!, score: validScore!, stage: validStage!, given: this.#given(input), ...(contact!.phone === null && { cells }) } };
  }

  /** The contact fields `input` gives: one shared list per combination, since a batch keeps its rows until it commits. */
  #given(input: Record<string, unknown>): readonly ContactField[] {
    let mask = 0;
    for (let i = 0; i < CONTACT_FIELDS.length; i++) if (input[CONTACT_FIELDS[i]!] !== undefined) mask |= 1 << i;
    let given = this.#givenByMask.get(mask);
    if (given === undefined) {
      given = CONTACT_FIELDS.filter((_, i) => (mask & (1 << i)) !== 0);
      this.#givenByMask.set(mask, given);
    }
    return given;
  }

  /** A domain field path as the file names it: `customFields.budget` is the `budget` column. */
  #columnOf(field: string): string {
    if (field.startsWith('customFields.')) return field.slice('customFields.'.length);
    // A field no column names (phone, when only email is given) keeps its own name.
    return this.columns.nameOf.get(field as ImportField) ?? field;
  }
}
