import { COPY_NULL, CopyBuffers, copyJson, copyNullableText, copyText, copyTextArray } from '../../../src/audience/infrastructure/copy-text.js';

// COPY's text format: a tab ends a field and a newline a row, so both, the carriage return and
// the escape character itself must be escaped inside values; `\N` alone is null.

describe('COPY text fields', () => {
  it.each([
    ['Ana', 'Ana'],
    ['', ''],
    ['a\tb', 'a\\tb'],
    ['two\nlines', 'two\\nlines'],
    ['crlf\r\n', 'crlf\\r\\n'],
    ['C:\\path', 'C:\\\\path'],
    ['\\N', '\\\\N'],
    ['Pérez, "hijo"', 'Pérez, "hijo"'],
  ])('writes %j as %j', (value, field) => {
    expect(copyText(value)).toBe(field);
  });

  it('writes null as \\N, and a text that reads \\N as that text', () => {
    expect(copyNullableText(null)).toBe(COPY_NULL);
    expect(copyNullableText('\\N')).not.toBe(COPY_NULL);
  });

  it('quotes every array element, escaping quotes and backslashes for the array, then for COPY', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['vip', 'a,b', '{x}', ' '])).toBe('{"vip","a,b","{x}"," "}');
    // `say "hi"\` → array `"say \"hi\"\\"` → COPY doubles each backslash.
    expect(copyTextArray(['say "hi"\\'])).toBe('{"say \\\\"hi\\\\"\\\\\\\\"}');
    expect(copyTextArray(['tab\there'])).toBe('{"tab\\there"}');
  });

  it('writes JSON with its own escapes kept for the parser: COPY doubles their backslashes', () => {
    expect(copyJson({ note: 'a\nb "c"' })).toBe('{"note":"a\\\\nb \\\\"c\\\\""}');
    expect(copyJson({ n: 1, ok: true })).toBe('{"n":1,"ok":true}');
  });
});

describe('COPY buffers', () => {
  it('keeps lines whole and in order across buffers, multi-byte text included', () => {
    const out = new CopyBuffers();
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}\t${'é'.repeat(i % 97)}\t${'x'.repeat(i % 13)}\n`);
    for (const line of lines) out.add(line);
    const buffers = out.done();
    expect(buffers.length).toBeGreaterThan(1);
    expect(Buffer.concat(buffers).toString('utf8')).toBe(lines.join(''));
  });

  it('takes a line longer than a buffer', () => {
    const out = new CopyBuffers();
    const line = `${'ñ'.repeat(CopyBuffers.SIZE)}\n`;
    out.add('a\n');
    out.add(line);
    expect(Buffer.concat(out.done()).toString('utf8')).toBe(`a\n${line}`);
  });
});
