import { createHash, type Hash } from 'node:crypto';
import { CsvError, parse, type Parser } from 'csv-parse';
import { LeadImportFileError, LeadImportInterruptedError, LeadImportTooLargeError } from '../application/import-leads-errors.js';
import type { CsvImportReader } from '../application/import-leads.js';
import type { CsvImportFile } from '../application/import-leads-run.js';
import type { ImportRecord } from '../application/import-leads-rows.js';

/** A header line longer than this is not a header (a binary file, or one without line breaks). */
const MAX_HEADER_BYTES = 64 * 1024;
/**
 * Bounds the memory a single record may take: a quote that is never closed would otherwise swallow
 * the rest of the file into one field. A lead's largest legitimate row is about 120,000 characters.
 */
const MAX_RECORD_CHARACTERS = 256 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The body as checked chunks: counted against the size limit, refused when binary or not UTF-8,
 * optionally hashed. Any error of the underlying stream (the client closing the connection) is
 * an interrupted upload.
 */
class CheckedBytes {
  readonly #iterator: AsyncIterator<Uint8Array>;
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  readonly #hash: Hash | null;
  #digest: string | null | undefined;
  #bytes = 0;

  constructor(body: AsyncIterable<Uint8Array>, private readonly maxBytes: number, hash: boolean) {
    this.#iterator = body[Symbol.asyncIterator]();
    this.#hash = hash ? createHash('sha256') : null;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The next chunk, or null at the end of the body. */
  async next(): Promise<Buffer | null> {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await this.#iterator.next();
    } catch {
      throw new LeadImportInterruptedError(this.#bytes);
    }
    if (result.done) {
      this.#decode(new Uint8Array(0), false);
      return null;
    }
    const chunk = Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength);
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) throw new LeadImportTooLargeError(this.maxBytes);
    if (chunk.includes(0)) throw new LeadImportFileError('The file is binary, not CSV text: it contains NUL bytes');
    this.#decode(chunk, true);
    this.#hash?.update(chunk);
    return chunk;
  }

  /** SHA-256 of every byte read; call once the body has ended. */
  digest(): string | null {
    this.#digest ??= this.#hash?.digest('hex') ?? null;
    return this.#digest;
  }

  // Decoded only to be checked: csv-parse decodes again, but silently turns invalid bytes into U+FFFD.
  #decode(chunk: Uint8Array, stream: boolean): void {
    try {
      this.#utf8.decode(chunk, { stream });
    } catch {
      throw new LeadImportFileError(
        `The file is not UTF-8 text (invalid bytes before byte ${this.#bytes}): save it as "CSV UTF-8" and send it again`,
      );
    }
  }
}

/** Finds where the header line ends (a line break outside quotes) as its bytes arrive. */
class HeaderLine {
  readonly #chunks: Buffer[] = [];
  #length = 0;
  #quoted = false;
  #end = -1;

  /** Takes the next chunk; true once the line has ended. */
  feed(chunk: Buffer): boolean {
    for (let i = 0; i < chunk.length && this.#end < 0; i++) {
      if (chunk[i] === QUOTE) this.#quoted = !this.#quoted;
      else if (chunk[i] === LF && !this.#quoted) this.#end = this.#length + i;
    }
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#end < 0 && this.#length > MAX_HEADER_BYTES) {
      throw new LeadImportFileError(`The file is not CSV text: its first ${MAX_HEADER_BYTES} bytes hold no line break after the header`);
    }
    return this.#end >= 0;
  }

  /** Everything read so far. */
  get bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  /** The header line itself: up to the line break, or everything when the body ended first. */
  get line(): Buffer {
    return this.#end < 0 ? this.bytes : this.bytes.subarray(0, this.#end);
  }
}

/**
 * `;` when the header line has more of them than commas outside quotes — what spreadsheets write
 * where the comma is the decimal separator — otherwise `,`. Multi-byte UTF-8 sequences contain no
 * ASCII bytes, so scanning bytes is exact.
 */
function delimiterOf(headerLine: Buffer): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const byte of headerLine) {
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && byte === COMMA) commas++;
    else if (!quoted && byte === SEMICOLON) semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

function withoutBom(bytes: Buffer): Buffer {
  return UTF8_BOM.every((byte, i) => bytes[i] === byte) ? bytes.subarray(UTF8_BOM.length) : bytes;
}

function fileError(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  return new LeadImportFileError(`The file is not valid CSV${line ? ` at line ${line}` : ''}: ${error.message}`);
}

/** Records of csv-parse, gathered synchronously as each chunk is parsed. */
class RecordParser {
  readonly #parser: Parser;
  readonly #parsed: ImportRecord[] = [];
  #failure: unknown;
  #row = 0;

  constructor(delimiter: string) {
    this.#parser = parse({
      bom: true,
      delimiter,
      // A row with a wrong number of values is rejected on its own, not the whole file.
      relax_column_count: true,
      // `Ana "la jefa"` in an unquoted field is data, not broken quoting.
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARACTERS,
      on_record: (cells: string[]) => {
        this.#parsed.push({ row: ++this.#row, cells });
        return null; // gathered here, so nothing is buffered in the stream
      },
    });
    this.#parser.on('error', (error) => (this.#failure ??= error));
  }

  async write(chunk: Buffer): Promise<ImportRecord[]> {
    await new Promise<void>((resolve, reject) => this.#parser.write(chunk, (error) => (error ? reject(fileError(error)) : resolve())));
    return this.#take();
  }

  async end(): Promise<ImportRecord[]> {
    await new Promise<void>((resolve, reject) => {
      if (this.#failure) return reject(fileError(this.#failure));
      this.#parser.once('error', (error) => reject(fileError(error)));
      this.#parser.end(() => resolve());
    });
    return this.#take();
  }

  #take(): ImportRecord[] {
    return this.#parsed.splice(0, this.#parsed.length);
  }
}

/** CsvImportReader on csv-parse: quotes, embedded delimiters and line breaks, BOM, `,` or `;`. */
export class CsvParseImportReader implements CsvImportReader {
  async open(body: AsyncIterable<Uint8Array>, { maxBytes, hash }: { maxBytes: number; hash: boolean }): Promise<CsvImportFile> {
    const bytes = new CheckedBytes(body, maxBytes, hash);
    const headerLine = new HeaderLine();
    let ended = false;
    for (let done = false; !done;) {
      const chunk = await bytes.next();
      ended = chunk === null;
      done = ended || headerLine.feed(chunk!);
    }
    const parser = new RecordParser(delimiterOf(withoutBom(headerLine.line)));
    const first = await parser.write(headerLine.bytes);
    // csv-parse holds back the end of what it was given until it sees what follows (a `\r` may be
    // half of `\r\n`), so the header record may need the next chunk, or the end of the body.
    while (first.length === 0) {
      const chunk = ended ? null : await bytes.next();
      if (chunk === null) {
        ended = true;
        first.push(...(await parser.end()));
        break;
      }
      first.push(...(await parser.write(chunk)));
    }
    const header = first.shift();
    if (!header) throw new LeadImportFileError('The file is empty: its first line must name the columns');

    async function* records(): AsyncIterable<readonly ImportRecord[]> {
      if (first.length > 0) yield first;
      if (ended) return;
      for (let chunk = await bytes.next(); chunk !== null; chunk = await bytes.next()) {
        const parsed = await parser.write(chunk);
        if (parsed.length > 0) yield parsed;
      }
      const rest = await parser.end();
      if (rest.length > 0) yield rest;
    }

    return {
      header: header.cells,
      records: records(),
      bytesRead: () => bytes.bytes,
      digest: () => bytes.digest(),
      async drain() {
        while ((await bytes.next()) !== null);
      },
    };
  }
}
