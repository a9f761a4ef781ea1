import { FieldErrorCollector, plainObject, ValidationError, wholeNumber } from '../../../../seedwork/domain/index.js';
import type { CampaignMetricsState } from '../campaign-state.js';
import { DecimalAmount } from './decimal-amount.js';

/** An absolute value, or a relative one; a negative increment corrects an earlier report. */
export type MetricUpdate<T> = { readonly set: T; readonly increment?: never } | { readonly increment: T; readonly set?: never };

export interface MetricsChange {
  readonly salesCount?: MetricUpdate<number>;
  readonly salesAmount?: MetricUpdate<string>;
  readonly engagement?: MetricUpdate<number>;
  readonly budgetSpent?: MetricUpdate<string>;
}

/** The metrics brands report; the delivery counters beside them belong to dispatch. */
export type BusinessMetrics = Pick<CampaignMetricsState, 'salesCount' | 'salesAmount' | 'engagement' | 'budgetSpent'>;

export const INITIAL_METRICS: CampaignMetricsState = {
  totalContacts: 0,
  pending: 0,
  successful: 0,
  failed: 0,
  salesCount: 0,
  salesAmount: DecimalAmount.ZERO.toString(),
  engagement: 0,
  budgetSpent: DecimalAmount.ZERO.toString(),
};

const COUNTS = ['salesCount', 'engagement'] as const;
const AMOUNTS = ['salesAmount', 'budgetSpent'] as const;

/** Splits `{set}` / `{increment}` and rejects both or neither. */
function operation(value: unknown, field: string): { kind: 'set' | 'increment'; value: unknown } {
  const object = plainObject(value, field);
  const hasSet = object['set'] !== undefined;
  const hasIncrement = object['increment'] !== undefined;
  if (hasSet === hasIncrement) throw ValidationError.single(field, 'must give either set or increment');
  return hasSet ? { kind: 'set', value: object['set'] } : { kind: 'increment', value: object['increment'] };
}

function nextCount(current: number, update: unknown, field: string): number {
  const { kind, value } = operation(update, field);
  if (kind === 'set') return wholeNumber(value, field, 0, Number.MAX_SAFE_INTEGER);
  const result = current + wholeNumber(value, field, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (result < 0) throw ValidationError.single(field, `would become negative (${current} + ${String(value)})`);
  if (!Number.isSafeInteger(result)) throw ValidationError.single(field, 'would exceed the largest supported count');
  return result;
}

function nextAmount(current: string, update: unknown, field: string): DecimalAmount {
  const { kind, value } = operation(update, field);
  if (kind === 'set') return DecimalAmount.parse(value, field);
  const result = DecimalAmount.parse(current, field).plus(DecimalAmount.parse(value, field, { allowNegative: true }));
  if (result.isNegative) throw ValidationError.single(field, `would become negative (${current} + ${String(value)})`);
  if (result.exceedsMaximum) throw ValidationError.single(field, 'would exceed the largest supported amount');
  return result;
}

/**
 * Applies a report to the metrics. Returns the new metrics and the change as it will be
 * recorded (amounts in canonical two-decimal form). Every bad field is reported at once.
 */
export function applyMetricsChange(
  current: CampaignMetricsState,
  change: MetricsChange,
): { metrics: CampaignMetricsState; recorded: MetricsChange } {
  const input = plainObject(change, 'metrics');
  if ([...COUNTS, ...AMOUNTS].every((field) => input[field] === undefined)) {
    throw ValidationError.single('metrics', `must report at least one of ${[...COUNTS, ...AMOUNTS].join(', ')}`);
  }
  const errors = new FieldErrorCollector();
  const metrics: { -readonly [K in keyof CampaignMetricsState]: CampaignMetricsState[K] } = { ...current };
  const recorded: { -readonly [K in keyof MetricsChange]: MetricsChange[K] } = {};
  for (const field of COUNTS) {
    const update = change[field];
    if (update === undefined) continue;
    const next = errors.check(() => nextCount(current[field], update, field));
    if (next === undefined) continue;
    metrics[field] = next;
    recorded[field] = update.set !== undefined ? { set: update.set } : { increment: update.increment };
  }
  for (const field of AMOUNTS) {
    const update = change[field];
    if (update === undefined) continue;
    const next = errors.check(() => nextAmount(current[field], update, field));
    if (next === undefined) continue;
    metrics[field] = next.toString();
    recorded[field] =
      update.set !== undefined
        ? { set: next.toString() }
        : { increment: DecimalAmount.parse(update.increment, field, { allowNegative: true }).toString() };
  }
  errors.throwIfAny();
  return { metrics, recorded };
}
