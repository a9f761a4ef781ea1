import { Money } from '../../../src/campaigns/domain/value-objects/money.js';
import type { MoneyState } from '../../../src/campaigns/domain/campaign-state.js';
import { badFields, validationErrorOf } from './campaign.mother.js';

describe('Money', () => {
  it.each([
    ['1500', 'USD', '1500.00'],
    ['1500.5', 'USD', '1500.50'],
    ['0', 'USD', '0.00'],
    ['0.01', 'USD', '0.01'],
    ['007', 'USD', '7.00'],
    ['1500', 'JPY', '1500'],
    ['0', 'JPY', '0'],
    ['12.345', 'KWD', '12.345'],
    ['999999999999999.99', 'USD', '999999999999999.99'],
    ['999999999999999', 'JPY', '999999999999999'],
  ])('accepts %s %s as %s', (amount, currency, formatted) => {
    expect(Money.create({ amount, currency }, 'budget').toState()).toEqual({ amount: formatted, currency });
  });

  it.each([
    ['-1', 'USD', 'must not be negative'],
    ['-0.01', 'USD', 'must not be negative'],
    ['1.234', 'USD', 'at most 2 decimal places'],
    ['1500.5', 'JPY', 'must not have decimal places'],
    ['12.3456', 'KWD', 'at most 3 decimal places'],
    ['1000000000000000', 'USD', 'at most 15 integer digits'],
    ['1e3', 'USD', 'decimal string'],
    ['1,000.00', 'USD', 'decimal string'],
    [' 1', 'USD', 'decimal string'],
    ['1.', 'USD', 'decimal string'],
    ['.5', 'USD', 'decimal string'],
    ['+1', 'USD', 'decimal string'],
    ['', 'USD', 'decimal string'],
  ])('rejects amount %j in %s (%s)', (amount, currency, message) => {
    const error = validationErrorOf(() => Money.create({ amount, currency }, 'budget'));
    expect(error.errors).toEqual([{ field: 'budget.amount', message: expect.stringContaining(message) }]);
  });

  it('rejects an amount given as a number: money is never a float', () => {
    const input = { amount: 1500, currency: 'USD' } as unknown as MoneyState;
    expect(badFields(() => Money.create(input, 'budget'))).toEqual(['budget.amount']);
  });

  it.each(['usd', 'US', 'USDD', 'ABC', 'XYZ', '', '$'])('rejects currency %j', (currency) => {
    expect(badFields(() => Money.create({ amount: '1', currency }, 'budget'))).toEqual(['budget.currency']);
  });

  it('reports a bad amount and a bad currency together', () => {
    expect(badFields(() => Money.create({ amount: '-5', currency: 'ABC' }, 'budget'))).toEqual([
      'budget.amount',
      'budget.currency',
    ]);
  });

  it('rejects something that is not an object', () => {
    expect(badFields(() => Money.create('1500 USD' as unknown as MoneyState, 'budget'))).toEqual(['budget']);
  });

  it('compares by value after formatting', () => {
    expect(Money.create({ amount: '1500', currency: 'USD' }, 'budget').equals(Money.create({ amount: '1500.00', currency: 'USD' }, 'budget'))).toBe(true);
    expect(Money.create({ amount: '1500', currency: 'USD' }, 'budget').equals(Money.create({ amount: '1500', currency: 'EUR' }, 'budget'))).toBe(false);
  });
});
