// The text format of COPY … FROM STDIN, written by hand: fields separated by tabs, rows ended by
// a newline, `\N` for null, and a backslash escape for the backslash, tab, newline and carriage
// return a value holds. pg-copy-streams only carries the bytes; a generic encoder would look at
// each value's type at run time, where the import's encoders know every column's type and write
// the batch's constant fields once. Text never holds NUL (PostgreSQL refuses it in text values);
// the CSV reader refuses files with NUL bytes, so no value of an import can carry one.

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const IN_ARRAY_ELEMENT = /["\\]/g;

export const COPY_NULL = '\\N';

/** A text value as a COPY field. */
export function copyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPED[c]!) : value;
}

/** A nullable text value as a COPY field. */
export function copyNullableText(value: string | null): string {
  return value === null ? COPY_NULL : copyText(value);
}

/** A text[] value as a COPY field: every element quoted, so commas, braces and spaces are data. */
export function copyTextArray(values: readonly string[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    literal += `"${values[i]!.replace(IN_ARRAY_ELEMENT, '\\$&')}"`;
  }
  return copyText(`${literal}}`);
}

/** A json or jsonb value as a COPY field. */
export function copyJson(value: unknown): string {
  return copyText(JSON.stringify(value));
}

/**
 * COPY data in 256 KiB buffers filled line by line. A batch's data as one string would be tens of
 * megabytes, which V8 allocates in its large-object space and frees only at a full collection:
 * on a long import those strings, not the rows, would set the heap's size. Lines are short-lived
 * small strings; the buffers live outside the heap.
 */
export class CopyBuffers {
  static readonly SIZE = 256 * 1024;
  readonly #filled: Buffer[] = [];
  #current = Buffer.allocUnsafe(CopyBuffers.SIZE);
  #used = 0;

  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: a line that surely fits is not measured first.
    if (this.#used + line.length * 3 > this.#current.length) {
      const length = Buffer.byteLength(line);
      if (this.#used + length > this.#current.length) {
        this.#filled.push(this.#current.subarray(0, this.#used));
        this.#current = Buffer.allocUnsafe(Math.max(CopyBuffers.SIZE, length));
        this.#used = 0;
      }
    }
    this.#used += this.#current.write(line, this.#used);
  }

  done(): Buffer[] {
    return this.#used === 0 ? this.#filled : [...this.#filled, this.#current.subarray(0, this.#used)];
  }
}
