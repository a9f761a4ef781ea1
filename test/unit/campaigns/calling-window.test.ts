import type { CallingWindowState } from '../../../src/campaigns/domain/campaign-state.js';
import { CallingWindow } from '../../../src/campaigns/domain/value-objects/calling-window.js';
import { badFields } from './campaign.mother.js';

const weekdays: CallingWindowState = { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timezone: 'America/Bogota' };
const window = (overrides: Record<string, unknown>): CallingWindowState => ({ ...weekdays, ...overrides }) as CallingWindowState;

describe('CallingWindow', () => {
  it('keeps a valid window', () => {
    expect(CallingWindow.create(weekdays, 'callingWindow').toState()).toEqual(weekdays);
  });

  it.each([
    ['00:00', '23:59'],
    ['00:00', '00:01'],
    ['23:58', '23:59'],
    ['09:00', '18:00'],
  ])('accepts %s to %s', (start, end) => {
    expect(CallingWindow.create(window({ start, end }), 'callingWindow').toState()).toMatchObject({ start, end });
  });

  it.each([
    ['24:00', 'start'],
    ['9:00', 'start'],
    ['09:60', 'start'],
    ['09:00:00', 'start'],
    ['0900', 'start'],
    [' 09:00', 'start'],
    ['ab:cd', 'start'],
  ])('rejects start %j', (start, part) => {
    expect(badFields(() => CallingWindow.create(window({ start }), 'callingWindow'))).toEqual([`callingWindow.${part}`]);
  });

  it.each(['24:00', '18:0', '-01:00'])('rejects end %j', (end) => {
    expect(badFields(() => CallingWindow.create(window({ end }), 'callingWindow'))).toEqual(['callingWindow.end']);
  });

  it.each([
    ['18:00', '09:00'],
    ['09:00', '09:00'],
  ])('rejects a start of %s not before an end of %s (no window across midnight)', (start, end) => {
    expect(badFields(() => CallingWindow.create(window({ start, end }), 'callingWindow'))).toEqual(['callingWindow.end']);
  });

  it('returns the days in week order', () => {
    expect(CallingWindow.create(window({ days: ['sun', 'fri', 'mon'] }), 'callingWindow').toState().days).toEqual([
      'mon',
      'fri',
      'sun',
    ]);
  });

  it.each([
    ['empty', []],
    ['a duplicate', ['mon', 'tue', 'mon']],
    ['an unknown day', ['mon', 'funday']],
    ['a capitalised day', ['Mon']],
    ['not a list', 'mon'],
  ])('rejects days that are %s', (_, days) => {
    expect(badFields(() => CallingWindow.create(window({ days }), 'callingWindow'))).toEqual(['callingWindow.days']);
  });

  // Validation looks at the zone's name only; whether it observes daylight saving is irrelevant.
  it.each([
    'UTC',
    'America/Bogota',
    'America/New_York',
    'Europe/Madrid',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'America/Argentina/Buenos_Aires',
    'America/Port-au-Prince',
    'Etc/GMT+5',
  ])('accepts the IANA zone %s', (timezone) => {
    expect(CallingWindow.create(window({ timezone }), 'callingWindow').toState().timezone).toBe(timezone);
  });

  it.each(['+05:00', '-03:00', '05:00', 'GMT+5', 'Mars/Olympus_Mons', 'America/Atlantis', '', ' UTC', 'UTC ', 'America//Bogota'])(
    'rejects the zone %j',
    (timezone) => {
      expect(badFields(() => CallingWindow.create(window({ timezone }), 'callingWindow'))).toEqual(['callingWindow.timezone']);
    },
  );

  it('reports every bad part at once', () => {
    const bad = window({ start: '9:00', end: '24:00', days: [], timezone: '+05:00' });
    expect(badFields(() => CallingWindow.create(bad, 'callingWindow'))).toEqual([
      'callingWindow.days',
      'callingWindow.end',
      'callingWindow.start',
      'callingWindow.timezone',
    ]);
  });
});
