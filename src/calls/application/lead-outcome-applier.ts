import { inject, injectable } from 'inversify';
import { ConcurrencyError, PreconditionFailedError } from '../../../seedwork/domain/index.js';
import { CommandBus, QueryBus, type ExecutionContext } from '../../../seedwork/application/index.js';
import { ChangeLeadScore, ChangeLeadStage, GetLead, LEAD_AGGREGATE_TYPE, MAX_SCORE, MIN_SCORE, type LeadView } from '../../audience/index.js';
import type { CallOutcome } from '../domain/voice-call-state.js';

/**
 * Moves a lead as a call's outcome says, through the lead's own commands on the command bus and
 * in the caller's unit of work, so a summary and the lead changes it causes commit together.
 *
 * - A stage the lead is already in is left alone: the lead's command refuses a move to the
 *   current stage (409), but for the outcome that stage is simply reached.
 * - The score moves by the delta, stopping at 0 and 100: the agent reports how much more or less
 *   interested the lead became, which says nothing about a score it cannot see. LeadScoreChanged
 *   records the change applied; VoiceCallSummarized keeps the agent's delta.
 *
 * Both decisions read the lead first, so each command names the version read: a change to the lead
 * in between is a ConcurrencyError, and the unit of work runs again on fresh state.
 */
@injectable()
export class LeadOutcomeApplier {
  constructor(@inject(CommandBus) private readonly commands: CommandBus, @inject(QueryBus) private readonly queries: QueryBus) {}

  async apply(context: ExecutionContext, leadId: string, callId: string, outcome: CallOutcome): Promise<void> {
    if (outcome.stageChange === null && !outcome.scoreDelta) return;
    let lead = await this.queries.execute(new GetLead(context, leadId));
    if (outcome.stageChange !== null && outcome.stageChange !== lead.stage) {
      lead = await this.#asRead(lead, () => this.commands.execute(new ChangeLeadStage(context, leadId, outcome.stageChange!, `Outcome of voice call ${callId}`, lead.version)));
    }
    const score = Math.min(MAX_SCORE, Math.max(MIN_SCORE, lead.score + (outcome.scoreDelta ?? 0)));
    if (score !== lead.score) {
      await this.#asRead(lead, () => this.commands.execute(new ChangeLeadScore(context, leadId, { delta: score - lead.score }, lead.version)));
    }
  }

  /** Runs a command that expects the version read; a lead changed since is a conflict to run again. */
  async #asRead(read: LeadView, command: () => Promise<LeadView>): Promise<LeadView> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof PreconditionFailedError) throw new ConcurrencyError(LEAD_AGGREGATE_TYPE, read.id);
      throw error;
    }
  }
}
