import { importColumns } from '../../../src/audience/application/import-leads-columns.js';
import { LeadImportFileError } from '../../../src/audience/application/import-leads-errors.js';
import { ImportRowReader, type ReadRow } from '../../../src/audience/application/import-leads-rows.js';
import { contactFieldsForCreate } from '../../../src/audience/domain/value-objects/contact-fields.js';

function reasonOf(header: string[]): string {
  try {
    importColumns(header);
  } catch (error) {
    if (error instanceof LeadImportFileError) return error.reason;
    throw error;
  }
  throw new Error('the header was accepted');
}

describe('import columns (the header line)', () => {
  it('matches lead fields case-insensitively and keeps every other column as a custom field named as written', () => {
    const columns = importColumns([' FirstName', 'PHONE', 'tags ', 'Specialty', 'budget']);
    expect(columns.columns).toEqual([
      { kind: 'field', field: 'firstName', name: 'FirstName' },
      { kind: 'field', field: 'phone', name: 'PHONE' },
      { kind: 'field', field: 'tags', name: 'tags' },
      { kind: 'custom', key: 'Specialty', name: 'Specialty' },
      { kind: 'custom', key: 'budget', name: 'budget' },
    ]);
    expect(columns.nameOf.get('phone')).toBe('PHONE');
  });

  it('refuses the file naming every problem of its header', () => {
    expect(reasonOf(['', ''])).toMatch(/empty/);
    expect(reasonOf(['firstName', 'lastName'])).toMatch(/needs a phone or an email column/);
    const reason = reasonOf(['phone', 'Phone', '', 'fecha nac', '__proto__', 'ok', 'ok']);
    expect(reason).toMatch(/column "Phone" appears twice/);
    expect(reason).toMatch(/column 3 has no name/);
    expect(reason).toMatch(/column "fecha nac" is neither a lead field/);
    expect(reason).toMatch(/column "__proto__" is neither/);
    expect(reason).toMatch(/column "ok" appears twice/);
    expect(reasonOf(['email', ...Array.from({ length: 101 }, (_, i) => `c${i}`)])).toMatch(/101 custom field columns; a lead has at most 100/);
  });

  it('tells `Budget` and `budget` apart (custom keys are case-sensitive)', () => {
    expect(importColumns(['email', 'Budget', 'budget']).columns).toHaveLength(3);
  });
});

describe('import rows', () => {
  const reader = (header: string[], country?: 'CO') => new ImportRowReader(importColumns(header), country);
  const valid = (read: ReadRow | null) => {
    if (!read || !('valid' in read)) throw new Error(`not valid: ${JSON.stringify(read)}`);
    return read.valid;
  };
  const rejected = (read: ReadRow | null) => {
    if (!read || !('rejected' in read)) throw new Error(`not rejected: ${JSON.stringify(read)}`);
    return read.rejected;
  };

  it('normalises a row exactly as POST /leads would, and remembers which fields it gave', () => {
    const row = valid(reader(['Phone', 'email', 'firstName', 'tags', 'score', 'stage', 'timezone', 'specialty', 'budget', 'vip', 'zip'], 'CO').read({
      row: 2,
      cells: [' 300 123 4567 ', 'Ana@Example.COM', ' Ana ', 'vip; gold ;;vip', '40', 'Profiling', 'america/bogota', 'anesthesiology', '120000', 'TRUE', '007'],
    }));
    expect(row).toEqual({
      row: 2,
      contact: contactFieldsForCreate({
        phone: '+573001234567', email: 'Ana@example.com', firstName: 'Ana', tags: ['vip', 'gold'], timezone: 'America/Bogota',
        customFields: { specialty: 'anesthesiology', budget: 120000, vip: true, zip: '007' },
      }),
      score: 40,
      stage: 'profiling',
      given: ['firstName', 'phone', 'email', 'timezone', 'tags', 'customFields'],
    });
  });

  it.each([
    ['120000', 120000], ['-3.5', -3.5], ['0', 0], ['false', false], ['True', true],
    ['007', '007'], ['1.50', '1.50'], ['1e5', '1e5'], ['12345678901234567890', '12345678901234567890'], ['-0', '-0'], ['+57', '+57'], ['yes', 'yes'],
  ])('reads the custom cell %j as %j', (cell, value) => {
    expect(valid(reader(['email', 'x']).read({ row: 2, cells: ['a@example.com', cell] })).contact.customFields).toEqual({ x: value });
  });

  it('defaults what the row leaves empty, as a new lead gets it', () => {
    const row = valid(reader(['email', 'score', 'stage', 'note']).read({ row: 2, cells: ['a@example.com', '', ' ', ''] }));
    expect(row).toMatchObject({ score: 0, stage: 'new', given: ['email'], contact: { customFields: {}, tags: [], phone: null } });
  });

  it('rejects a row with every reason, naming the columns as the header writes them', () => {
    const read = rejected(reader(['PHONE', 'email', 'Score', 'STAGE', 'timezone', 'note']).read({
      row: 9,
      cells: ['12', 'nope@', '4.5', 'closed', 'Mars/Olympus', 'x'.repeat(1001)],
    }));
    expect(read.row).toBe(9);
    expect(read.errors.map((e) => e.field).sort()).toEqual(['PHONE', 'STAGE', 'Score', 'email', 'note', 'timezone']);
    expect(read.cells).toEqual(['12', 'nope@', '4.5', 'closed', 'Mars/Olympus', 'x'.repeat(1001)]);
  });

  it('rejects a row with neither phone nor email on the phone column, or `phone` when the file has none', () => {
    expect(rejected(reader(['Phone', 'firstName']).read({ row: 3, cells: ['', 'Ana'] })).errors).toEqual([
      { field: 'Phone', message: 'is required when there is no email: a lead needs a phone or an email' },
    ]);
    expect(rejected(reader(['email', 'firstName']).read({ row: 3, cells: ['', 'Ana'] })).errors[0]!.field).toBe('phone');
  });

  it('reads national numbers only with a default country', () => {
    expect(rejected(reader(['phone']).read({ row: 2, cells: ['300 123 4567'] })).errors[0]!.message).toMatch(/national number/);
    expect(valid(reader(['phone'], 'CO').read({ row: 2, cells: ['300 123 4567'] })).contact.phone).toBe('+573001234567');
  });

  it('skips blank lines and rejects rows whose values do not line up with the header', () => {
    const r = reader(['phone', 'firstName', 'lastName']);
    expect(r.read({ row: 2, cells: [''] })).toBeNull();
    expect(r.read({ row: 2, cells: [' ', '', '  '] })).toBeNull();
    expect(rejected(r.read({ row: 4, cells: ['+573001234567', 'Ana'] })).errors).toEqual([{ field: 'row', message: 'has 2 values; the header names 3 columns' }]);
    expect(rejected(r.read({ row: 5, cells: ['+573001234567', 'Ana', 'Pérez', 'extra'] })).errors[0]!.field).toBe('row');
    // Trailing empty cells are what spreadsheets write after the last column.
    expect(valid(r.read({ row: 6, cells: ['+573001234567', 'Ana', 'Pérez', '', ''] })).contact.lastName).toBe('Pérez');
  });

  it('keeps the cells of a valid row only when it has no phone (the database may still refuse it by email)', () => {
    expect(valid(reader(['phone', 'email']).read({ row: 2, cells: ['+573001234567', 'a@example.com'] })).cells).toBeUndefined();
    expect(valid(reader(['phone', 'email']).read({ row: 2, cells: ['', 'a@example.com'] })).cells).toEqual(['', 'a@example.com']);
  });
});
