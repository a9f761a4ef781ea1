import { DecimalAmount, formatMinorUnits, parseDecimal } from '../../../src/campaigns/domain/value-objects/decimal-amount.js';
import { badFields } from './campaign.mother.js';

describe('DecimalAmount', () => {
  it.each([
    ['0', '0.00'],
    ['0.1', '0.10'],
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['0012.50', '12.50'],
    ['999999999999999.99', '999999999999999.99'],
  ])('parses %s and always prints two decimals: %s', (input, printed) => {
    expect(DecimalAmount.parse(input, 'salesAmount').toString()).toBe(printed);
  });

  it.each(['-1', '-0.01', '1.234', '1e2', 'abc', '', '1.', '.1', '1000000000000000'])('rejects %j', (input) => {
    expect(badFields(() => DecimalAmount.parse(input, 'salesAmount'))).toEqual(['salesAmount']);
  });

  it('accepts a negative amount only when asked to (corrections)', () => {
    expect(DecimalAmount.parse('-1.5', 'salesAmount', { allowNegative: true }).toString()).toBe('-1.50');
    expect(DecimalAmount.parse('-1.5', 'salesAmount', { allowNegative: true }).isNegative).toBe(true);
  });

  it('adds exactly, with no float rounding: 0.10 + 0.20 = 0.30', () => {
    const sum = DecimalAmount.parse('0.10', 'x').plus(DecimalAmount.parse('0.20', 'x'));
    expect(sum.toString()).toBe('0.30');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('adds ten times 0.1 to exactly 1.00', () => {
    let total = DecimalAmount.ZERO;
    for (let i = 0; i < 10; i++) total = total.plus(DecimalAmount.parse('0.1', 'x'));
    expect(total.toString()).toBe('1.00');
  });

  it('keeps precision beyond the range of floats', () => {
    const sum = DecimalAmount.parse('999999999999999.98', 'x').plus(DecimalAmount.parse('0.01', 'x'));
    expect(sum.toString()).toBe('999999999999999.99');
    expect(sum.plus(DecimalAmount.parse('0.01', 'x')).exceedsMaximum).toBe(true);
  });

  it('compares by value', () => {
    expect(DecimalAmount.parse('1.5', 'x').equals(DecimalAmount.parse('1.50', 'x'))).toBe(true);
  });
});

describe('parseDecimal and formatMinorUnits', () => {
  it.each([
    ['12.5', 2, 1250n],
    ['12', 0, 12n],
    ['0.001', 3, 1n],
  ])('parses %s with %i digits to %s minor units', (input, fractionDigits, units) => {
    expect(parseDecimal(input, 'f', { fractionDigits, allowNegative: false })).toBe(units);
  });

  it.each([
    [1250n, 2, '12.50'],
    [5n, 2, '0.05'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [1500n, 0, '1500'],
    [12345n, 3, '12.345'],
  ])('formats %s with %i digits as %s', (units, fractionDigits, text) => {
    expect(formatMinorUnits(units, fractionDigits)).toBe(text);
  });
});
