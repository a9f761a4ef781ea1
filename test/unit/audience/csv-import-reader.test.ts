import { createHash } from 'node:crypto';
import { CsvParseImportReader } from '../../../src/audience/infrastructure/csv-import-reader.js';
import { LeadImportFileError, LeadImportInterruptedError, LeadImportTooLargeError } from '../../../src/audience/application/import-leads-errors.js';
import type { ImportRecord } from '../../../src/audience/application/import-leads-rows.js';

const reader = new CsvParseImportReader();

/** The bytes as a body arriving in chunks of `size` bytes. */
async function* chunks(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Buffer, size = 1 << 16, maxBytes = 1 << 30): Promise<{ header: readonly string[]; records: ImportRecord[] }> {
  const file = await reader.open(chunks(bytes, size), { maxBytes, hash: false });
  const records: ImportRecord[] = [];
  for await (const batch of file.records) records.push(...batch);
  return { header: file.header, records };
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

const FILE = Buffer.from('\uFEFFfirstName,"last, name",phone\r\n"Ana ""la jefa""","Pérez\nGarcía",+57 300 123 4567\r\n\r\nJosé,Núñez,300 765 4321\r\n', 'utf8');

describe('reading a CSV body', () => {
  it('reads quotes, embedded delimiters and line breaks, a BOM and CRLF; numbers rows as a spreadsheet does', async () => {
    expect(await readAll(FILE)).toEqual({
      header: ['firstName', 'last, name', 'phone'],
      records: [
        { row: 2, cells: ['Ana "la jefa"', 'Pérez\nGarcía', '+57 300 123 4567'] },
        { row: 3, cells: [''] },
        { row: 4, cells: ['José', 'Núñez', '300 765 4321'] },
      ],
    });
  });

  it('reads the same records whatever the chunks the body arrives in, multi-byte characters split included', async () => {
    const whole = await readAll(FILE);
    for (const size of [1, 2, 3, 7]) expect(await readAll(FILE, size)).toEqual(whole);
  });

  it.each([
    ['firstName;"a;b";phone\nAna;x;1\n', ';', ['firstName', 'a;b', 'phone']],
    ['"a,b,c";phone;email\n1;2;3\n', ';', ['a,b,c', 'phone', 'email']],
    ['phone\n+573001234567\n', ',', ['phone']],
    ['a;b,c\n1;2,3\n', ',', ['a;b', 'c']],
  ])('takes the delimiter the header line uses most: %j', async (text, _delimiter, header) => {
    expect((await readAll(Buffer.from(text))).header).toEqual(header);
  });

  it('reads a file that is only a header, without a final line break', async () => {
    expect(await readAll(Buffer.from('phone,email'))).toEqual({ header: ['phone', 'email'], records: [] });
  });

  it('keeps quotes inside unquoted values as data', async () => {
    expect((await readAll(Buffer.from('firstName,phone\nAna "Anita" Pérez,1\n'))).records[0]!.cells).toEqual(['Ana "Anita" Pérez', '1']);
  });

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['binary', Buffer.concat([Buffer.from('phone\n1\n'), Buffer.from([0])]), /binary/],
    ['not UTF-8', Buffer.from('phone\nJos\xe9\n', 'latin1'), /not UTF-8/],
    ['a line that never ends', Buffer.alloc(70 * 1024, 'a'), /no line break/],
    ['a quote never closed', Buffer.from('phone,firstName\n1,"Ana\n2,Bob\n'), /not valid CSV at line \d+: Quote Not Closed/],
  ])('refuses %s as a file', async (_name, bytes, reason) => {
    const error = await failure(() => readAll(bytes, 4));
    expect(error).toBeInstanceOf(LeadImportFileError);
    expect((error as LeadImportFileError).reason).toMatch(reason);
  });

  it('stops at IMPORT_MAX_BYTES, before or after the header', async () => {
    const file = Buffer.from(`phone\n${'+573001234567\n'.repeat(100)}`);
    expect(await failure(() => readAll(file, 16, 10))).toBeInstanceOf(LeadImportTooLargeError);
    const late = await failure(() => readAll(file, 16, 500));
    expect(late).toBeInstanceOf(LeadImportTooLargeError);
    expect(late.message).toBe('The file is larger than the import limit of 500 bytes (IMPORT_MAX_BYTES)');
  });

  it('reports an upload that stops as interrupted, with the bytes received', async () => {
    async function* cut(): AsyncIterable<Uint8Array> {
      yield Buffer.from('phone\n+573001234567\n');
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    const file = await reader.open(cut(), { maxBytes: 1000, hash: false });
    const error = await failure(async () => {
      for await (const _ of file.records);
    });
    expect(error).toBeInstanceOf(LeadImportInterruptedError);
    expect((error as LeadImportInterruptedError).bytesReceived).toBe(20);
  });

  it('hashes the whole body when asked, also when the rest is only drained', async () => {
    const sha = createHash('sha256').update(FILE).digest('hex');
    const read = await reader.open(chunks(FILE, 5), { maxBytes: 1000, hash: true });
    for await (const _ of read.records);
    expect(read.digest()).toBe(sha);
    const drained = await reader.open(chunks(FILE, 5), { maxBytes: 1000, hash: true });
    await drained.drain();
    expect(drained.digest()).toBe(sha);
    expect(drained.bytesRead()).toBe(FILE.length);
  });
});
