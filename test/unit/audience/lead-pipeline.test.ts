import { InvalidTransitionError, ValidationError } from '../../../seedwork/domain/index.js';
import { LEAD_STAGES, type LeadStage } from '../../../src/audience/domain/lead-state.js';
import { STAGE_TRANSITIONS } from '../../../src/audience/domain/lead-pipeline.js';
import { aLeadIn, LATER, onlyEvent, STORED_VERSION } from './lead.mother.js';

/**
 * The pipeline rules, written here independently of the production table: any stage may follow
 * any other; moving to the current stage is a conflict; leaving a closed deal needs a reason.
 */
const CLOSED: readonly LeadStage[] = ['won', 'lost'];
const REASONS = [undefined, 'client called back'] as const;

const cases = LEAD_STAGES.flatMap((from) => LEAD_STAGES.flatMap((to) => REASONS.map((reason) => ({ from, to, reason }))));
const moves = cases.filter(({ from, to, reason }) => from !== to && (reason !== undefined || !CLOSED.includes(from)));
const sameStage = cases.filter(({ from, to }) => from === to);
const reopenWithoutReason = cases.filter(({ from, to, reason }) => from !== to && reason === undefined && CLOSED.includes(from));

describe('Lead pipeline, every (stage × target stage × reason) case', () => {
  it('covers all cases, and the table has every stage', () => {
    expect(cases).toHaveLength(LEAD_STAGES.length * LEAD_STAGES.length * REASONS.length);
    expect(moves.length + sameStage.length + reopenWithoutReason.length).toBe(cases.length);
    expect(Object.keys(STAGE_TRANSITIONS).sort()).toEqual([...LEAD_STAGES].sort());
  });

  describe.each(moves)('given a lead in $from, when moved to $to with reason $reason', ({ from, to, reason }) => {
    it('then it is in the new stage since now, and exactly one LeadStageChanged is recorded', () => {
      const lead = aLeadIn(from);

      lead.moveToStage(to, reason, LATER);

      expect(lead.state).toMatchObject({ stage: to, stageEnteredAt: LATER, updatedAt: LATER, version: STORED_VERSION + 1 });
      expect(onlyEvent(lead)).toMatchObject({
        eventType: 'LeadStageChanged',
        aggregateType: 'Lead',
        aggregateVersion: STORED_VERSION + 1,
        occurredAt: LATER,
        data: { from, to, reason: reason ?? null },
      });
    });
  });

  describe.each(sameStage)('given a lead in $from, when moved to the same stage (reason $reason)', ({ from, reason }) => {
    it('then a conflict names the stage and the move, and nothing changes', () => {
      const lead = aLeadIn(from);
      const before = lead.state;
      let thrown: unknown;
      try {
        lead.moveToStage(from, reason, LATER);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidTransitionError);
      expect(thrown).toMatchObject({ kind: 'conflict', resource: 'Lead', currentStatus: from });
      expect((thrown as Error).message).toBe(`Cannot move the lead to stage '${from}': its stage is already '${from}'`);
      expect(lead.pendingEvents).toHaveLength(0);
      expect(lead.state).toEqual(before);
    });
  });

  describe.each(reopenWithoutReason)('given a closed lead in $from, when moved to $to without a reason', ({ from, to }) => {
    it('then the reason is required (400) and nothing changes', () => {
      const lead = aLeadIn(from);
      const before = lead.state;
      let thrown: unknown;
      try {
        lead.moveToStage(to, undefined, LATER);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).errors).toEqual([{ field: 'reason', message: `is required to reopen a lead whose stage is '${from}'` }]);
      expect(lead.state).toEqual(before);
      expect(lead.pendingEvents).toHaveLength(0);
    });
  });

  it('treats a blank reason as none, and trims a given one', () => {
    expect(() => aLeadIn('won').moveToStage('follow_up', '   ', LATER)).toThrow(ValidationError);
    const lead = aLeadIn('new');
    lead.moveToStage('profiling', '  first call done  ', LATER);
    expect(onlyEvent(lead).data).toEqual({ from: 'new', to: 'profiling', reason: 'first call done' });
  });

  it('refuses an unknown stage and an overlong reason, naming both', () => {
    const lead = aLeadIn('new');
    let thrown: unknown;
    try {
      lead.moveToStage('closed' as LeadStage, 'x'.repeat(501), LATER);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as ValidationError).errors.map((e) => e.field).sort()).toEqual(['reason', 'stage']);
  });
});
