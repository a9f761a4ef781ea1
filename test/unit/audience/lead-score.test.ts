import { scoreAfter, scoreValue, type ScoreChange } from '../../../src/audience/domain/value-objects/score.js';
import { aStoredLead, expectNoChange, LATER, onlyEvent, STORED_VERSION, validationErrorOf } from './lead.mother.js';

describe('score rules', () => {
  it.each<[number, ScoreChange, number]>([
    [40, { score: 0 }, 0],
    [40, { score: 100 }, 100],
    [40, { score: 75 }, 75],
    [40, { delta: 10 }, 50],
    [40, { delta: -40 }, 0],
    [40, { delta: 60 }, 100],
    [0, { delta: 0 }, 0],
  ])('from %i, %j gives %i', (from, change, to) => {
    expect(scoreAfter(from, change)).toBe(to);
  });

  it.each<[number, ScoreChange, string, RegExp]>([
    [40, { score: 101 }, 'score', /between 0 and 100/],
    [40, { score: -1 }, 'score', /between 0 and 100/],
    [40, { score: 50.5 }, 'score', /integer/],
    [90, { delta: 11 }, 'delta', /from 90 to 101; it must stay between 0 and 100/],
    [5, { delta: -6 }, 'delta', /from 5 to -1/],
    [40, { delta: 1.5 }, 'delta', /integer/],
    [40, { score: 10, delta: 1 } as unknown as ScoreChange, 'delta', /together with score/],
    [40, {} as ScoreChange, 'delta', /integer/],
  ])('from %i, %j is refused on %s (never clamped)', (from, change, field, message) => {
    expect(validationErrorOf(() => scoreAfter(from, change)).errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('scoreValue accepts 0..100 integers only', () => {
    expect(scoreValue(0)).toBe(0);
    expect(scoreValue(100)).toBe(100);
    for (const bad of [-1, 101, 1.5, '50', null, Number.NaN]) expect(() => scoreValue(bad)).toThrow();
  });
});

describe('Lead.changeScore', () => {
  it('records LeadScoreChanged {from, to, delta} when setting', () => {
    const lead = aStoredLead({ score: 40 });
    lead.changeScore({ score: 75 }, LATER);
    expect(lead.state).toMatchObject({ score: 75, version: STORED_VERSION + 1, updatedAt: LATER });
    expect(onlyEvent(lead)).toMatchObject({ eventType: 'LeadScoreChanged', aggregateVersion: STORED_VERSION + 1, data: { from: 40, to: 75, delta: 35 } });
  });

  it('records the delta when moving, negative too', () => {
    const lead = aStoredLead({ score: 40 });
    lead.changeScore({ delta: -15 }, LATER);
    expect(onlyEvent(lead).data).toEqual({ from: 40, to: 25, delta: -15 });
  });

  it('records nothing when the score does not change', () => {
    const lead = aStoredLead({ score: 40 });
    expectNoChange(lead, () => lead.changeScore({ score: 40 }, LATER));
    expectNoChange(lead, () => lead.changeScore({ delta: 0 }, LATER));
  });

  it('leaves the lead untouched when refused', () => {
    const lead = aStoredLead({ score: 95 });
    const before = lead.state;
    expect(() => lead.changeScore({ delta: 10 }, LATER)).toThrow();
    expect(lead.state).toEqual(before);
    expect(lead.pendingEvents).toHaveLength(0);
  });
});
