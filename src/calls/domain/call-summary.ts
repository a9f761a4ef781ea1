import { ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import type { LeadStage } from '../../audience/domain/lead-state.js';
import type { CallOutcome } from './voice-call-state.js';

/** A summary as the voice agent sends it. */
export interface CallSummaryInput {
  readonly summary: string;
  readonly outcome?: { readonly stageChange?: string | null; readonly scoreDelta?: number | null };
}

export const MAX_SUMMARY_CHARACTERS = 10_000;
/** A score is 0..100, so no delta beyond ±100 can mean anything. */
const MAX_SCORE_DELTA = 100;

// The lead's stages, kept here as a record keyed by the audience module's type so the compiler
// rejects any drift between the two lists (the dependency rule allows importing its types only).
const STAGES: Readonly<Record<LeadStage, true>> = {
  new: true,
  profiling: true,
  financial_qualification: true,
  meeting_scheduled: true,
  follow_up: true,
  referrals: true,
  won: true,
  lost: true,
};

function isLeadStage(value: unknown): value is LeadStage {
  return typeof value === 'string' && Object.hasOwn(STAGES, value);
}

/** Validates a summary and its outcome, naming every bad field in one ValidationError. */
export function callSummaryOf(input: CallSummaryInput): { summary: string; outcome: CallOutcome } {
  const errors: FieldError[] = [];
  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (summary === '' || [...summary].length > MAX_SUMMARY_CHARACTERS) {
    errors.push({ field: 'summary', message: `must be non-blank text of at most ${MAX_SUMMARY_CHARACTERS} characters` });
  }
  const stageChange = input.outcome?.stageChange ?? null;
  const scoreDelta = input.outcome?.scoreDelta ?? null;
  if (stageChange !== null && !isLeadStage(stageChange)) {
    errors.push({ field: 'outcome.stageChange', message: `must be one of ${Object.keys(STAGES).join(', ')}` });
  }
  if (scoreDelta !== null && !(Number.isInteger(scoreDelta) && Math.abs(scoreDelta) <= MAX_SCORE_DELTA)) {
    errors.push({ field: 'outcome.scoreDelta', message: `must be an integer between -${MAX_SCORE_DELTA} and ${MAX_SCORE_DELTA}` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { summary, outcome: { stageChange: stageChange as LeadStage | null, scoreDelta } };
}
