import { Schedule, type ScheduleInput } from '../../../src/campaigns/domain/value-objects/schedule.js';
import { badFields, minutesFromNow, NOW } from './campaign.mother.js';

describe('Schedule', () => {
  it('accepts a start in the future with an end after it', () => {
    const schedule = Schedule.create({ startAt: minutesFromNow(1), endAt: minutesFromNow(2) }, NOW, 'schedule');
    expect(schedule.toState()).toEqual({ startAt: minutesFromNow(1), endAt: minutesFromNow(2) });
  });

  it.each([null, undefined])('is open-ended when endAt is %s', (endAt) => {
    expect(Schedule.create({ startAt: minutesFromNow(1), endAt }, NOW, 'schedule').toState().endAt).toBeNull();
  });

  it('accepts a start one millisecond after now', () => {
    expect(() => Schedule.create({ startAt: new Date(NOW.getTime() + 1) }, NOW, 'schedule')).not.toThrow();
  });

  it.each([
    ['a start equal to now', { startAt: NOW }, ['schedule.startAt']],
    ['a start in the past', { startAt: minutesFromNow(-1) }, ['schedule.startAt']],
    ['an end equal to the start', { startAt: minutesFromNow(5), endAt: minutesFromNow(5) }, ['schedule.endAt']],
    ['an end before the start', { startAt: minutesFromNow(5), endAt: minutesFromNow(4) }, ['schedule.endAt']],
    ['an invalid start', { startAt: new Date('nope') }, ['schedule.startAt']],
    ['a start that is not a date', { startAt: '2026-12-01T00:00:00Z' }, ['schedule.startAt']],
    ['an invalid end', { startAt: minutesFromNow(5), endAt: new Date('nope') }, ['schedule.endAt']],
    ['a past start and an end before it', { startAt: minutesFromNow(-5), endAt: minutesFromNow(-10) }, ['schedule.endAt', 'schedule.startAt']],
  ])('rejects %s', (_, input, fields) => {
    expect(badFields(() => Schedule.create(input as unknown as ScheduleInput, NOW, 'schedule'))).toEqual(fields);
  });

  it('names bare fields when given no prefix (the schedule command body)', () => {
    expect(badFields(() => Schedule.create({ startAt: NOW, endAt: minutesFromNow(-1) }, NOW, ''))).toEqual(['endAt', 'startAt']);
  });

  describe('given the previous schedule', () => {
    const previous = { startAt: minutesFromNow(-60), endAt: minutesFromNow(60) };

    it('does not hold an unchanged past start against now', () => {
      const moved = Schedule.create({ startAt: previous.startAt, endAt: minutesFromNow(120) }, NOW, 'schedule', previous);
      expect(moved.toState()).toEqual({ startAt: previous.startAt, endAt: minutesFromNow(120) });
    });

    it('rejects a changed start in the past', () => {
      expect(badFields(() => Schedule.create({ startAt: minutesFromNow(-30), endAt: previous.endAt }, NOW, 'schedule', previous))).toEqual([
        'schedule.startAt',
      ]);
    });

    it('rejects a changed end in the past', () => {
      expect(badFields(() => Schedule.create({ startAt: previous.startAt, endAt: minutesFromNow(-30) }, NOW, 'schedule', previous))).toEqual([
        'schedule.endAt',
      ]);
    });
  });
});
