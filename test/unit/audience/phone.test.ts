import { normalisePhone, parseCountryCode, type CountryCode } from '../../../src/audience/domain/value-objects/phone.js';
import { validationErrorOf } from './lead.mother.js';

describe('normalisePhone', () => {
  describe.each<[string, CountryCode | undefined, string]>([
    // Colombia, national forms: spaces, dashes, dots, parentheses, a habitual trunk 0, landlines.
    ['300 123 4567', 'CO', '+573001234567'],
    ['300-123-4567', 'CO', '+573001234567'],
    ['300.123.4567', 'CO', '+573001234567'],
    ['(300) 123-4567', 'CO', '+573001234567'],
    ['3001234567', 'CO', '+573001234567'],
    ['  300 123 4567  ', 'CO', '+573001234567'],
    ['0 300 123 4567', 'CO', '+573001234567'],
    ['03001234567', 'CO', '+573001234567'],
    ['601 234 5678', 'CO', '+576012345678'],
    ['(601) 2345678', 'CO', '+576012345678'],
    ['57 300 123 4567', 'CO', '+573001234567'],
    // United States: area code in parentheses, dashes, dots, the national 1, the 011 international prefix.
    ['(212) 555-0123', 'US', '+12125550123'],
    ['212-555-0123', 'US', '+12125550123'],
    ['212.555.0123', 'US', '+12125550123'],
    ['1 212 555 0123', 'US', '+12125550123'],
    ['1-212-555-0123', 'US', '+12125550123'],
    ['011 57 300 123 4567', 'US', '+573001234567'],
    // Mexico: current ten-digit form and the prefixes retired in 2019-2020.
    ['55 1234 5678', 'MX', '+525512345678'],
    ['(55) 1234-5678', 'MX', '+525512345678'],
    ['81 1234 5678', 'MX', '+528112345678'],
    ['044 55 1234 5678', 'MX', '+525512345678'],
    ['045 55 1234 5678', 'MX', '+525512345678'],
    ['01 55 1234 5678', 'MX', '+525512345678'],
    ['+52 1 55 1234 5678', undefined, '+525512345678'],
    // Another trunk-prefix country, where the 0 is part of how numbers are written.
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    // International forms need no default country, and ignore it when given.
    ['+57 300 123 4567', undefined, '+573001234567'],
    ['+573001234567', undefined, '+573001234567'],
    ['+57 (300) 123-4567', undefined, '+573001234567'],
    ['+57 300 123 4567', 'US', '+573001234567'],
    ['+1 212 555 0123', 'CO', '+12125550123'],
    ['+52 55 1234 5678', undefined, '+525512345678'],
    // 00 as the international prefix, with or without a default country.
    ['0057 300 123 4567', undefined, '+573001234567'],
    ['0057 300 123 4567', 'CO', '+573001234567'],
    ['0057 300 123 4567', 'US', '+573001234567'],
    ['00 1 212 555 0123', 'MX', '+12125550123'],
  ])('%j read with default country %s', (raw, country, expected) => {
    it(`is ${expected}`, () => {
      expect(normalisePhone(raw, country)).toBe(expected);
    });
  });

  describe.each<[string, unknown, CountryCode | undefined, RegExp]>([
    ['too short', '300 123', 'CO', /too short/],
    ['too short international', '+57 300', undefined, /too short/],
    ['too long', '300 123 4567 8901', 'CO', /too long/],
    ['too long international', '+57 300 123 4567 8901 23', undefined, /too long/],
    ['letters (vanity number)', '1-800-FLOWERS', 'US', /only digits/],
    ['letters mixed in', '300-CALL-NOW', 'CO', /only digits/],
    ['an extension', '212 555 0123 ext 5', 'US', /only digits/],
    ['a + in the middle', '57+3001234567', 'CO', /only digits/],
    ['an unknown country calling code', '+999 123 4567', undefined, /unknown country calling code/],
    ['a valid length but no such number', '+57 100 123 4567', undefined, /not a valid phone number/],
    ['a national number without default country', '300 123 4567', undefined, /national number.*defaultCountry/],
    ['a number of another plan read nationally', '7 300 1234 567', 'CO', /not a valid phone number \(read with default country CO\)/],
    ['00 followed by an unknown country without default country', '00999 1234', undefined, /unknown country calling code/],
    ['blank', '   ', 'CO', /blank/],
    ['only punctuation', '(--)', 'CO', /not a valid phone number/],
    ['over 40 characters', '3'.repeat(41), 'CO', /at most 40/],
    ['not a string', 3001234567, 'CO', /must be a string/],
    ['null', null, 'CO', /must be a string/],
  ])('%s', (_name, raw, country, message) => {
    it('is refused with a clear message on the field', () => {
      const error = validationErrorOf(() => normalisePhone(raw, country));
      expect(error.errors).toEqual([{ field: 'phone', message: expect.stringMatching(message) }]);
    });
  });

  it('names the field it is told to', () => {
    expect(validationErrorOf(() => normalisePhone('abc', 'CO', 'rows[3].phone')).errors[0]!.field).toBe('rows[3].phone');
  });
});

describe('parseCountryCode', () => {
  it.each([['CO', 'CO'], ['co', 'CO'], ['Us', 'US'], ['mx', 'MX']])('accepts %s as %s', (raw, code) => {
    expect(parseCountryCode(raw)).toBe(code);
  });

  it.each([['XX'], ['COL'], ['C'], [''], ['57'], [undefined], [57]])('refuses %j', (raw) => {
    expect(validationErrorOf(() => parseCountryCode(raw)).errors).toEqual([{ field: 'defaultCountry', message: expect.stringMatching(/ISO 3166-1 alpha-2/) }]);
  });
});
