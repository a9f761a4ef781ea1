import { InvalidTransitionError } from '../../../seedwork/domain/index.js';
import type { CampaignStatus } from './campaign-state.js';

/**
 * Everything a campaign can be asked to do once it exists. Activation by the scheduler is its
 * own action because it is allowed from fewer statuses than a manual activation.
 */
export const CAMPAIGN_ACTIONS = [
  'update',
  'schedule',
  'activate',
  'activateOnSchedule',
  'pause',
  'resume',
  'finish',
  'cancel',
  'delete',
  'reportMetrics',
  'changeAudience',
] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export const ACTIVATION_REASONS = ['manual', 'schedule'] as const;
export type ActivationReason = (typeof ACTIVATION_REASONS)[number];

export const FINISH_REASONS = ['manual', 'schedule_end', 'audience_exhausted'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** `to: null` keeps the current status (the action changes data, not the lifecycle). */
export const CAMPAIGN_TRANSITIONS: Readonly<
  Record<CampaignAction, { readonly from: readonly CampaignStatus[]; readonly to: CampaignStatus | null }>
> = {
  update: { from: ['draft', 'scheduled', 'paused'], to: null },
  schedule: { from: ['draft', 'scheduled'], to: 'scheduled' },
  activate: { from: ['draft', 'scheduled'], to: 'active' },
  activateOnSchedule: { from: ['scheduled'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  finish: { from: ['active', 'paused'], to: 'finished' },
  cancel: { from: ['draft', 'scheduled', 'active', 'paused'], to: 'cancelled' },
  // Deleting keeps the status: the repository removes the row, the event log keeps the history.
  delete: { from: ['draft'], to: null },
  // A sale may be reported after the campaign has ended.
  reportMetrics: { from: ['active', 'paused', 'finished'], to: null },
  // Adding or removing audience members (API.md: while draft, scheduled, active or paused).
  changeAudience: { from: ['draft', 'scheduled', 'active', 'paused'], to: null },
};

/** Status after `action`; throws InvalidTransitionError when the action is not allowed from `current`. */
export function nextCampaignStatus(current: CampaignStatus, action: CampaignAction): CampaignStatus {
  const transition = CAMPAIGN_TRANSITIONS[action];
  if (!transition.from.includes(current)) throw new InvalidTransitionError('Campaign', current, action);
  return transition.to ?? current;
}
