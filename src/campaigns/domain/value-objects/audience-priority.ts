import { wholeNumber } from '../../../../seedwork/domain/index.js';

/** An audience member's priority within its campaign: 1..10, higher first; 5 when not given. */
export const DEFAULT_AUDIENCE_PRIORITY = 5;

export function audiencePriority(value: unknown, field = 'priority'): number {
  return value === undefined ? DEFAULT_AUDIENCE_PRIORITY : wholeNumber(value, field, 1, 10);
}
