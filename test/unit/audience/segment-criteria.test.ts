import { ValidationError } from '../../../seedwork/domain/index.js';
import { SegmentCriteria, MAX_CRITERIA_CONDITIONS, MAX_CRITERIA_DEPTH, MAX_GROUP_ITEMS, MAX_LIST_VALUES } from '../../../src/audience/domain/segment-criteria.js';
import { LEAD_SEGMENT_FIELDS, opsFor, SEGMENT_FIELDS, SEGMENT_OPS } from '../../../src/audience/domain/segment-fields.js';

/** The fields a ValidationError names (in order) when `raw` is parsed; [] when it is valid. */
function badPaths(raw: unknown): string[] {
  try {
    SegmentCriteria.parse(raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    for (const e of (error as ValidationError).errors) expect(e.message).toMatch(/\S/);
    return (error as ValidationError).errors.map((e) => e.field);
  }
}

const all = (...items: unknown[]) => ({ all: items });
const any = (...items: unknown[]) => ({ any: items });
const c = (field: string, op: string, value: unknown) => ({ field, op, value });

/**
 * Which operators fit which field, written independently of segment-fields.ts: API.md's fields
 * with their types, and the operators that make sense for each type.
 */
const EXPECTED_OPS: Record<string, string[]> = {
  stage: ['eq', 'neq', 'in', 'nin'],
  treatment: ['eq', 'neq', 'in', 'nin'],
  score: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between'],
  interactions: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between'],
  region: ['eq', 'neq', 'in', 'nin', 'exists'],
  timezone: ['eq', 'neq', 'in', 'nin', 'exists'],
  assignedTo: ['eq', 'neq', 'in', 'nin', 'exists'],
  createdAt: ['gt', 'gte', 'lt', 'lte', 'between', 'within_last_days', 'not_within_last_days'],
  lastContactedAt: ['gt', 'gte', 'lt', 'lte', 'between', 'within_last_days', 'not_within_last_days', 'exists'],
  tags: ['contains_any', 'contains_all', 'exists'],
  'customFields.budget': ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
};

/** A valid value for each (field, op) that fits. */
function validValue(field: string, op: string): unknown {
  if (op === 'exists') return true;
  if (op === 'within_last_days' || op === 'not_within_last_days') return 30;
  const scalar: Record<string, unknown> = {
    stage: 'won', treatment: 'hold', score: 50, interactions: 3, region: 'andina', timezone: 'America/Bogota', assignedTo: 'agent-1',
    createdAt: '2026-11-01', lastContactedAt: '2026-11-01T10:00:00.000Z', tags: 'vip', 'customFields.budget': 1000,
  };
  const v = scalar[field];
  if (op === 'in' || op === 'nin' || op === 'contains_any' || op === 'contains_all') return [v];
  if (op === 'between') return field.endsWith('At') ? ['2026-01-01', '2026-12-31'] : [1, 5];
  return v;
}

describe('SegmentCriteria', () => {
  describe('operators by field type', () => {
    it('covers every field of API.md', () => {
      expect([...LEAD_SEGMENT_FIELDS, 'customFields.budget'].sort()).toEqual(Object.keys(EXPECTED_OPS).sort());
      for (const name of LEAD_SEGMENT_FIELDS) expect([...opsFor(SEGMENT_FIELDS[name])].sort()).toEqual([...EXPECTED_OPS[name]!].sort());
    });

    const pairs = Object.keys(EXPECTED_OPS).flatMap((field) => SEGMENT_OPS.map((op) => [field, op] as const));
    it.each(pairs.filter(([field, op]) => EXPECTED_OPS[field]!.includes(op)))('accepts %s %s', (field, op) => {
      expect(badPaths(all(c(field, op, validValue(field, op))))).toEqual([]);
    });
    it.each(pairs.filter(([field, op]) => !EXPECTED_OPS[field]!.includes(op)))('refuses %s %s, naming the op', (field, op) => {
      expect(badPaths(all(c(field, op, validValue(field, 'eq'))))).toEqual(['criteria.all[0].op']);
    });
  });

  describe('values', () => {
    it.each([
      ['an unknown stage', c('stage', 'eq', 'closed'), ['criteria.all[0].value']],
      ['a stage list with one bad member', c('stage', 'in', ['new', 'nope', 'won']), ['criteria.all[0].value[1]']],
      ['an empty list', c('stage', 'in', []), ['criteria.all[0].value']],
      ['a list where a scalar belongs', c('stage', 'eq', ['new']), ['criteria.all[0].value']],
      ['a scalar where a list belongs', c('tags', 'contains_any', 'vip'), ['criteria.all[0].value']],
      ['a fractional score', c('score', 'gt', 2.5), ['criteria.all[0].value']],
      ['a score above 100', c('score', 'lt', 101), ['criteria.all[0].value']],
      ['a score as a string', c('score', 'eq', '50'), ['criteria.all[0].value']],
      ['negative interactions', c('interactions', 'gte', -1), ['criteria.all[0].value']],
      ['a between that is not a pair', c('score', 'between', [1, 2, 3]), ['criteria.all[0].value']],
      ['a between high end first', c('score', 'between', [9, 1]), ['criteria.all[0].value']],
      ['a between with a bad end', c('interactions', 'between', [1, 'x']), ['criteria.all[0].value[1]']],
      ['a date without a zone', c('createdAt', 'gt', '2026-11-01T10:00:00'), ['criteria.all[0].value']],
      ['an impossible date', c('createdAt', 'gt', '2026-02-30'), ['criteria.all[0].value']],
      ['a date as a number', c('lastContactedAt', 'lt', 1700000000000), ['criteria.all[0].value']],
      ['dates between in the wrong order', c('createdAt', 'between', ['2026-12-01', '2026-01-01']), ['criteria.all[0].value']],
      ['zero days', c('createdAt', 'within_last_days', 0), ['criteria.all[0].value']],
      ['days as a string', c('lastContactedAt', 'not_within_last_days', '7'), ['criteria.all[0].value']],
      ['exists with a string', c('region', 'exists', 'yes'), ['criteria.all[0].value']],
      ['a blank tag', c('tags', 'contains_all', ['vip', '  ']), ['criteria.all[0].value[1]']],
      ['a tag with a semicolon', c('tags', 'contains_any', ['a;b']), ['criteria.all[0].value[0]']],
      ['a blank region', c('region', 'eq', '   '), ['criteria.all[0].value']],
      ['a custom field object', c('customFields.budget', 'eq', { a: 1 }), ['criteria.all[0].value']],
      ['a custom field null', c('customFields.budget', 'eq', null), ['criteria.all[0].value']],
      ['text compared by order', c('customFields.budget', 'gt', 'high'), ['criteria.all[0].value']],
      ['a boolean compared by order', c('customFields.vip', 'lte', true), ['criteria.all[0].value']],
      ['too many values', c('region', 'in', Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => `r${i}`)), ['criteria.all[0].value']],
    ])('refuses %s', (_, condition, paths) => {
      expect(badPaths(all(condition))).toEqual(paths);
    });

    it('accepts custom field strings, numbers and booleans for equality and lists', () => {
      expect(badPaths(all(c('customFields.specialty', 'eq', 'cardiology'), c('customFields.vip', 'neq', false), c('customFields.budget', 'in', [1, '1', true])))).toEqual([]);
    });
  });

  describe('fields and shape', () => {
    it.each([
      ['an unknown field', all(c('phone', 'eq', '+57300')), ['criteria.all[0].field']],
      ['a field that is not a string', all(c(42 as unknown as string, 'eq', 1)), ['criteria.all[0].field']],
      ['SQL in a field name', all(c('stage; DROP TABLE leads', 'eq', 'new')), ['criteria.all[0].field']],
      ['SQL in a custom field name', all(c("customFields.x') OR 1=1 --", 'eq', 'a')), ['criteria.all[0].field']],
      ['a custom field no lead can have (__proto__)', all(c('customFields.__proto__', 'exists', true)), ['criteria.all[0].field']],
      ['an empty custom field name', all(c('customFields.', 'exists', true)), ['criteria.all[0].field']],
      ['an unknown op', all(c('score', 'like', 1)), ['criteria.all[0].op']],
      ['a missing value', all({ field: 'score', op: 'eq' }), ['criteria.all[0].value']],
      ['a missing field and op', all({ value: 1 }), ['criteria.all[0].field', 'criteria.all[0].op']],
      ['an extra key in a condition', all({ ...c('score', 'eq', 1), note: 'x' }), ['criteria.all[0].note']],
      ['an extra key in a group', { all: [c('score', 'eq', 1)], limit: 5 }, ['criteria.limit']],
      ['both all and any', { all: [c('score', 'eq', 1)], any: [c('score', 'eq', 2)] }, ['criteria']],
      ['an empty group', all(), ['criteria.all']],
      ['a group whose items are not an array', { any: c('score', 'eq', 1) }, ['criteria.any']],
      ['a node that is neither', all('score = 1'), ['criteria.all[0]']],
      ['null at the top', null, ['criteria']],
      ['an array at the top', [c('score', 'eq', 1)], ['criteria']],
      ['a condition at the top', c('score', 'eq', 1), ['criteria']],
      ['too many items in a group', all(...Array.from({ length: MAX_GROUP_ITEMS + 1 }, () => c('score', 'eq', 1))), ['criteria.all']],
    ])('%s', (_, raw, paths) => {
      expect(badPaths(raw)).toEqual(paths);
    });

    it('names the path of a bad node deep in the tree, and every bad node at once', () => {
      const raw = all(
        c('stage', 'eq', 'new'),
        any(c('score', 'contains_any', [1]), all(c('tags', 'contains_all', ['vip']), c('region', 'eq', 5))),
        c('nope', 'eq', 1),
      );
      expect(badPaths(raw)).toEqual(['criteria.all[1].any[0].op', 'criteria.all[1].any[1].all[1].value', 'criteria.all[2].field']);
    });

    it(`nests groups at most ${MAX_CRITERIA_DEPTH} levels deep`, () => {
      const nested = (levels: number): unknown => (levels === 1 ? all(c('score', 'eq', 1)) : all(nested(levels - 1)));
      expect(badPaths(nested(MAX_CRITERIA_DEPTH))).toEqual([]);
      expect(badPaths(nested(MAX_CRITERIA_DEPTH + 1))).toEqual([`criteria${'.all[0]'.repeat(MAX_CRITERIA_DEPTH)}`]);
    });

    it(`holds at most ${MAX_CRITERIA_CONDITIONS} conditions in all`, () => {
      const groups = (n: number) => all(...Array.from({ length: Math.ceil(n / 50) }, (_, g) => any(...Array.from({ length: Math.min(50, n - g * 50) }, () => c('score', 'eq', 1)))));
      expect(badPaths(groups(MAX_CRITERIA_CONDITIONS))).toEqual([]);
      expect(badPaths(groups(MAX_CRITERIA_CONDITIONS + 1))).toEqual(['criteria.all[2].any[0]']);
    });

    it('starts paths where the caller says', () => {
      expect(() => SegmentCriteria.parse(all(c('x', 'eq', 1)), 'segment.criteria')).toThrow(/segment\.criteria\.all\[0\]\.field/);
    });
  });

  describe('canonical JSON', () => {
    it('trims texts, drops repeated list values, writes dates in UTC and keeps the tree', () => {
      const parsed = SegmentCriteria.parse(any(
        c('region', 'in', [' andina ', 'andina', 'caribe']),
        all(c('createdAt', 'between', ['2026-11-01', '2026-11-02T05:00:00-05:00']), c('tags', 'contains_any', ['vip', ' vip'])),
        c('customFields.budget', 'in', [1, '1', 1]),
      ));
      expect(parsed.toJSON()).toEqual(any(
        c('region', 'in', ['andina', 'caribe']),
        all(c('createdAt', 'between', ['2026-11-01T00:00:00.000Z', '2026-11-02T10:00:00.000Z']), c('tags', 'contains_any', ['vip'])),
        c('customFields.budget', 'in', [1, '1']),
      ));
      expect(parsed.conditionCount).toBe(4);
      // Parsing the canonical form gives it back unchanged.
      expect(SegmentCriteria.parse(parsed.toJSON()).toJSON()).toEqual(parsed.toJSON());
    });
  });
});
