import { ValidationError } from '../../../../seedwork/domain/index.js';

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/** `{score}` sets the score, `{delta}` moves it (a call outcome's +10 or -5). */
export type ScoreChange = { readonly score: number; readonly delta?: undefined } | { readonly delta: number; readonly score?: undefined };

/** A score: an integer from 0 to 100. */
export function scoreValue(raw: unknown, field = 'score'): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw ValidationError.single(field, 'must be an integer');
  if (raw < MIN_SCORE || raw > MAX_SCORE) throw ValidationError.single(field, `must be between ${MIN_SCORE} and ${MAX_SCORE}`);
  return raw;
}

/**
 * The score after `change`. Never clamped: a delta that would leave 0..100 is refused, naming
 * `delta`, because silently recording +10 as +3 would make the event lie about what happened.
 */
export function scoreAfter(current: number, change: ScoreChange): number {
  if (change.score !== undefined && change.delta !== undefined) throw ValidationError.single('delta', 'cannot be sent together with score');
  if (change.score !== undefined) return scoreValue(change.score, 'score');
  const { delta } = change;
  if (typeof delta !== 'number' || !Number.isInteger(delta)) throw ValidationError.single('delta', 'must be an integer');
  const to = current + delta;
  if (to < MIN_SCORE || to > MAX_SCORE) {
    throw ValidationError.single('delta', `would take the score from ${current} to ${to}; it must stay between ${MIN_SCORE} and ${MAX_SCORE}`);
  }
  return to;
}
