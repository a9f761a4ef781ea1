import type { LeadState } from '../domain/lead-state.js';
import type { ImportedLeadEvent } from '../application/import-leads-plan.js';
import { toLeadRow } from './lead.mapper.js';
import { LEAD_COLUMNS } from './lead.schema.js';

// Rows in the text format of COPY … FROM STDIN: tab-separated, `\N` for null, backslash escapes.

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const IN_ARRAY_ELEMENT = /["\\]/g;

function text(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPED[c]!) : value;
}

/** A PostgreSQL array literal with every element quoted, so commas, braces and spaces are data. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(IN_ARRAY_ELEMENT, '\\$&')}"`).join(',')}}`;
}

/** One value as a COPY field, by its JavaScript type: the lead row's columns are text, integers, booleans, instants, text[] and jsonb. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return text(arrayLiteral(value as string[]));
  return text(JSON.stringify(value));
}

/**
 * COPY data in 256 KiB buffers filled line by line. A batch's data as one string would be several
 * megabytes, which V8 allocates in its large-object space and frees only at a full collection:
 * on a long import those strings, not the rows, would set the heap's size. Lines are short-lived
 * small strings; the buffers live outside the heap.
 */
class CopyBuffers {
  static readonly SIZE = 256 * 1024;
  readonly #filled: Buffer[] = [];
  #current = Buffer.allocUnsafe(CopyBuffers.SIZE);
  #used = 0;

  add(line: string): void {
    const length = Buffer.byteLength(line);
    if (this.#used + length > this.#current.length) {
      this.#filled.push(this.#current.subarray(0, this.#used));
      this.#current = Buffer.allocUnsafe(Math.max(CopyBuffers.SIZE, length));
      this.#used = 0;
    }
    this.#used += this.#current.write(line, this.#used);
  }

  done(): Buffer[] {
    return this.#used === 0 ? this.#filled : [...this.#filled, this.#current.subarray(0, this.#used)];
  }
}

/** Column list of the leads staging table, in the order leadLines writes them. */
export const LEAD_STAGE_COLUMNS = ['expected_version', ...LEAD_COLUMNS];

/** The leads' rows as the repository would write them (toLeadRow), each with the version an update expects (null: insert). */
export function leadLines(leads: ReadonlyArray<{ readonly state: LeadState; readonly expectedVersion: number | null }>): Buffer[] {
  const out = new CopyBuffers();
  for (const { state, expectedVersion } of leads) {
    const row = toLeadRow(state);
    let line = copyField(expectedVersion);
    for (const column of LEAD_COLUMNS) line += `\t${copyField(row[column])}`;
    out.add(`${line}\n`);
  }
  return out.done();
}

export const EVENT_STAGE_COLUMNS = ['seq', 'event_id', 'aggregate_type', 'aggregate_id', 'aggregate_version', 'event_type', 'schema_version', 'brand_id', 'payload', 'occurred_at'];

/** The events in order; `seq` keeps that order into domain_events. */
export function eventLines(events: readonly ImportedLeadEvent[]): Buffer[] {
  const out = new CopyBuffers();
  events.forEach((e, seq) => {
    out.add(`${seq}\t${e.eventId}\t${text(e.aggregateType)}\t${e.aggregateId}\t${e.aggregateVersion}\t${text(e.eventType)}\t${e.schemaVersion}\t${text(e.brandId)}\t${text(JSON.stringify(e.data))}\t${e.occurredAt.toISOString()}\n`);
  });
  return out.done();
}
