import { csvCell, rejectionsCsv } from '../../../src/audience/infrastructure/lead-import-errors-csv.js';

describe('errors.csv', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+57 300 123 4567', "'+57 300 123 4567"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['Ana', 'Ana'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['Pérez, Ana', '"Pérez, Ana"'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('writes the cell %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a BOM and the header, then one line per rejected row with every reason', async () => {
    async function* pages() {
      yield [{ row: 2, errors: [{ field: 'phone', message: 'is too short' }, { field: 'score', message: 'must be an integer' }], cells: ['=Ana', '12', 'x'] }];
      yield [{ row: 7, errors: [{ field: 'row', message: 'has 1 values; the header names 3 columns' }], cells: ['only'] }];
    }
    let text = '';
    for await (const part of rejectionsCsv({ header: ['firstName', 'phone', 'score'], pages: pages() })) text += part;
    expect(text).toBe(
      '\uFEFFrow,reason,firstName,phone,score\r\n' +
      "2,phone: is too short; score: must be an integer,'=Ana,12,x\r\n" +
      '7,row: has 1 values; the header names 3 columns,only\r\n',
    );
  });
});
