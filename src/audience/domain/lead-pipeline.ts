import { InvalidTransitionError, ValidationError } from '../../../seedwork/domain/index.js';
import { LEAD_STAGES, type LeadStage } from './lead-state.js';

/**
 * The sales pipeline as a table: from each stage, where a lead may move and whether the move
 * must say why. No stage is terminal: phone is unique per brand, so a lost lead who comes back,
 * or a won client asked for referrals, can only continue as the same lead (the seed notes give
 * no terminal stage and re-engage leads through inactivity and stage-change triggers). Leaving
 * `won` or `lost` reopens a closed deal, which is why it needs a reason for the audit trail.
 */
export const STAGE_TRANSITIONS: Readonly<Record<LeadStage, { readonly to: readonly LeadStage[]; readonly reasonRequired: boolean }>> = {
  new: { to: others('new'), reasonRequired: false },
  profiling: { to: others('profiling'), reasonRequired: false },
  financial_qualification: { to: others('financial_qualification'), reasonRequired: false },
  meeting_scheduled: { to: others('meeting_scheduled'), reasonRequired: false },
  follow_up: { to: others('follow_up'), reasonRequired: false },
  referrals: { to: others('referrals'), reasonRequired: false },
  won: { to: others('won'), reasonRequired: true },
  lost: { to: others('lost'), reasonRequired: true },
};

function others(stage: LeadStage): LeadStage[] {
  return LEAD_STAGES.filter((s) => s !== stage);
}

/**
 * Checks a move from `from` to `to`. Moving to the current stage is a conflict (409), not a
 * silent success: it would otherwise reset `stageEnteredAt` or hide a client's stale view.
 */
export function checkStageMove(from: LeadStage, to: LeadStage, reason: string | null): void {
  const rule = STAGE_TRANSITIONS[from];
  if (!rule.to.includes(to)) {
    throw new InvalidTransitionError('Lead', from, `move to stage '${to}'`, `Cannot move the lead to stage '${to}': its stage is already '${from}'`);
  }
  if (rule.reasonRequired && reason === null) {
    throw ValidationError.single('reason', `is required to reopen a lead whose stage is '${from}'`);
  }
}
