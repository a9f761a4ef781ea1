import { FieldErrorCollector, plainObject, ValidationError, ValueObject } from '../../../../seedwork/domain/index.js';
import type { MoneyState } from '../campaign-state.js';
import { formatMinorUnits, parseDecimal } from './decimal-amount.js';

const CURRENCY_CODE = /^[A-Z]{3}$/;
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** Used only to check an amount's shape when its currency is unknown, so the decimals cannot be judged. */
const ANY_FRACTION_DIGITS = 20;

// Building an Intl.NumberFormat per call is costly; there are only ~300 currencies.
const digitsByCurrency = new Map<string, number>();

/** Minor digits of an ISO 4217 currency as ICU knows them (USD 2, JPY 0, KWD 3). */
function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

function currencyCode(value: unknown, field: string): string {
  if (typeof value !== 'string' || !CURRENCY_CODE.test(value) || !CURRENCIES.has(value)) {
    throw ValidationError.single(field, 'must be an ISO 4217 currency code such as "USD"');
  }
  return value;
}

/** A non-negative amount in an ISO 4217 currency, formatted with exactly the currency's minor digits. */
export class Money extends ValueObject<MoneyState> {
  private constructor(props: MoneyState) {
    super(props);
  }

  /** Validates `{amount, currency}`; errors name `<field>.amount` and `<field>.currency`. */
  static create(input: MoneyState, field: string): Money {
    const object = plainObject(input, field);
    const errors = new FieldErrorCollector();
    const currency = errors.check(() => currencyCode(object['currency'], `${field}.currency`));
    const digits = currency === undefined ? undefined : minorDigits(currency);
    const units = errors.check(() =>
      parseDecimal(object['amount'], `${field}.amount`, { fractionDigits: digits ?? ANY_FRACTION_DIGITS, allowNegative: false }),
    );
    errors.throwIfAny();
    return new Money({ amount: formatMinorUnits(units!, digits!), currency: currency! });
  }

  toState(): MoneyState {
    return { amount: this.props.amount, currency: this.props.currency };
  }
}
