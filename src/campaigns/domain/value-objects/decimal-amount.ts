import { ValidationError, ValueObject } from '../../../../seedwork/domain/index.js';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Fifteen integer digits: room for any real budget, and every amount fits a numeric(20, 4) column. */
export const MAX_INTEGER_DIGITS = 15;

export interface DecimalOptions {
  fractionDigits: number;
  allowNegative: boolean;
}

/**
 * Parses a decimal string into integer minor units (`"12.5"` with 2 digits → 1250n). Amounts
 * travel as strings and are computed as bigint so no float rounding ever touches money.
 */
export function parseDecimal(value: unknown, field: string, { fractionDigits, allowNegative }: DecimalOptions): bigint {
  const match = typeof value === 'string' ? DECIMAL.exec(value) : null;
  if (!match) throw ValidationError.single(field, 'must be a decimal string such as "12.50"');
  const [, sign, integerPart = '', fractionPart = ''] = match;
  if (sign && !allowNegative) throw ValidationError.single(field, 'must not be negative');
  if (fractionPart.length > fractionDigits) {
    throw ValidationError.single(
      field,
      fractionDigits === 0 ? 'must not have decimal places' : `must have at most ${fractionDigits} decimal places`,
    );
  }
  const units = BigInt(integerPart) * 10n ** BigInt(fractionDigits) + BigInt(fractionPart.padEnd(fractionDigits, '0') || '0');
  if (exceedsIntegerDigits(units, fractionDigits)) {
    throw ValidationError.single(field, `must have at most ${MAX_INTEGER_DIGITS} integer digits`);
  }
  return sign ? -units : units;
}

/** True when the integer part of `units` has more than MAX_INTEGER_DIGITS digits. */
export function exceedsIntegerDigits(units: bigint, fractionDigits: number): boolean {
  const magnitude = units < 0n ? -units : units;
  return magnitude >= 10n ** BigInt(MAX_INTEGER_DIGITS + fractionDigits);
}

/** Formats minor units with exactly `fractionDigits` decimals (1250n, 2 → "12.50"). */
export function formatMinorUnits(units: bigint, fractionDigits: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(fractionDigits + 1, '0');
  if (fractionDigits === 0) return sign + digits;
  return `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}

/**
 * An exact amount with two decimals, as used by metrics (`salesAmount`, `budgetSpent`). May be
 * negative so a correction can be expressed as an increment; callers decide whether a negative
 * result is acceptable.
 */
export class DecimalAmount extends ValueObject<{ value: string }> {
  static readonly FRACTION_DIGITS = 2;
  static readonly ZERO = new DecimalAmount(0n);

  readonly #units: bigint;

  private constructor(units: bigint) {
    super({ value: formatMinorUnits(units, DecimalAmount.FRACTION_DIGITS) });
    this.#units = units;
  }

  /** Parses `"12.5"`, `"0.10"`, `"-3"`; negatives only when `allowNegative`. */
  static parse(value: unknown, field: string, { allowNegative = false } = {}): DecimalAmount {
    return new DecimalAmount(parseDecimal(value, field, { fractionDigits: DecimalAmount.FRACTION_DIGITS, allowNegative }));
  }

  plus(other: DecimalAmount): DecimalAmount {
    return new DecimalAmount(this.#units + other.#units);
  }

  get isNegative(): boolean {
    return this.#units < 0n;
  }

  get exceedsMaximum(): boolean {
    return exceedsIntegerDigits(this.#units, DecimalAmount.FRACTION_DIGITS);
  }

  /** Always two decimals: `"0.00"`, `"12.50"`, `"-3.00"`. */
  override toString(): string {
    return this.props.value;
  }
}
