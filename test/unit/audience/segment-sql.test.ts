import { SegmentCriteria } from '../../../src/audience/domain/segment-criteria.js';
import { channelExclusions, segmentWhere, SqlParams } from '../../../src/audience/infrastructure/segment-sql.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
const compile = (criteria: unknown, brandId = 'acme') => segmentWhere(SegmentCriteria.parse(criteria), { brandId, now: NOW });
const c = (field: string, op: string, value: unknown) => ({ field, op, value });

/** Every word the compiler may write: columns of the allow-list, SQL keywords, casts, functions. */
const ALLOWED_WORDS = new Set([
  'brand_id', 'stage', 'score', 'tags', 'region', 'timezone', 'assigned_to', 'treatment', 'created_at', 'last_contacted_at', 'interactions', 'custom_fields',
  'AND', 'OR', 'NOT', 'IS', 'NULL', 'DISTINCT', 'FROM', 'ANY', 'ALL', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'END', 'coalesce', 'false', 'cardinality',
  'jsonb_typeof', 'number', 'text', 'int', 'timestamptz', 'jsonb', 'numeric',
]);

const HOSTILE = ["'; DROP TABLE leads; --", '%', '\\', '"quoted"', "O'Brien", '$1 OR 1=1', 'what?!'];

/** One condition per (field, op) form the compiler knows, several with hostile values. */
const EVERY_FORM = {
  all: [
    c('stage', 'eq', 'new'), c('stage', 'neq', 'won'), c('stage', 'in', ['new', 'lost']), c('stage', 'nin', ['won']),
    c('score', 'gt', 11), c('score', 'gte', 12), c('score', 'lt', 93), c('score', 'lte', 94), c('score', 'between', [21, 79]),
    c('interactions', 'eq', 7), c('interactions', 'in', [31, 32]),
    c('region', 'eq', HOSTILE[0]), c('region', 'neq', HOSTILE[1]), c('region', 'in', [HOSTILE[2], HOSTILE[3]]), c('region', 'nin', [HOSTILE[4]]),
    c('region', 'exists', true), c('timezone', 'exists', false), c('assignedTo', 'eq', HOSTILE[5]),
    c('tags', 'contains_any', [HOSTILE[6], 'vip']), c('tags', 'contains_all', ['a%b', 'c\\d']), c('tags', 'exists', false),
    c('createdAt', 'gt', '2026-01-02'), c('createdAt', 'between', ['2026-03-04', '2026-05-06']), c('createdAt', 'within_last_days', 17),
    c('lastContactedAt', 'not_within_last_days', 19), c('lastContactedAt', 'lte', '2026-07-08T09:10:11.000Z'),
    { any: [
      c('customFields.secret_key', 'eq', HOSTILE[0]), c('customFields.other_key', 'neq', true), c('customFields.third_key', 'in', [HOSTILE[1], 4242]),
      c('customFields.fourth_key', 'nin', ['x']), c('customFields.fifth_key', 'gt', 5151), c('customFields.sixth_key', 'between', [6161, 7171]),
      c('customFields.seventh_key', 'exists', true), c('customFields.eighth_key', 'exists', false),
    ] },
  ],
};

describe('segmentWhere (criteria → one parameterised WHERE clause)', () => {
  it('always starts with the brand as $1, whatever the criteria', () => {
    const { where, params } = compile({ any: [c('stage', 'eq', 'new'), c('score', 'gt', 5)] }, 'globex');
    expect(where).toBe('brand_id = $1::text AND (stage = $2::text OR score > $3::int)');
    expect(params.values).toEqual(['globex', 'new', 5]);
  });

  it('writes no value into the SQL text: only allow-listed words, operators and $n placeholders', () => {
    const { where, params } = compile(EVERY_FORM);
    const words = where.replace(/\$\d+/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
    expect(words.filter((w) => !ALLOWED_WORDS.has(w))).toEqual([]);
    // The only quoted literal is the compiler's own JSON type name.
    expect(where.match(/'[^']*'/g)).toEqual(expect.arrayContaining(["'number'"]));
    expect(new Set(where.match(/'[^']*'/g))).toEqual(new Set(["'number'"]));
    for (const value of [...HOSTILE, 'secret_key', 'fifth_key', '4242', '5151', '6161', '7171', '2026', 'vip', 'a%b']) expect(where).not.toContain(value);
    // Every placeholder has its parameter and every parameter is used.
    const used = new Set([...where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect([...used].sort((a, b) => a - b)).toEqual(params.values.map((_, i) => i + 1));
    // The hostile texts travel intact, as parameters.
    expect(params.values).toEqual(expect.arrayContaining([HOSTILE[0], HOSTILE[5], [HOSTILE[2], HOSTILE[3]], [HOSTILE[6], 'vip']]));
  });

  it('uses index-friendly forms: = ANY for lists, && and @> for tags, containment for custom field equality', () => {
    const { where, params } = compile({
      all: [
        c('stage', 'in', ['new', 'profiling']), c('tags', 'contains_any', ['vip', 'gold']), c('score', 'gte', 40),
        c('tags', 'contains_all', ['vip']), c('customFields.specialty', 'eq', 'cardiology'),
      ],
    });
    expect(where).toBe(
      'brand_id = $1::text AND (stage = ANY($2::text[]) AND tags && $3::text[] AND score >= $4::int AND tags @> $5::text[] AND custom_fields @> $6::jsonb)',
    );
    expect(params.values).toEqual(['acme', ['new', 'profiling'], ['vip', 'gold'], 40, ['vip'], '{"specialty":"cardiology"}']);
  });

  it('passes the key of a custom field as a parameter and casts numbers only when the value is a JSON number', () => {
    const { where, params } = compile({ all: [c('customFields.budget', 'between', [100, 200])] });
    expect(where).toBe(
      "brand_id = $1::text AND (CASE WHEN jsonb_typeof(custom_fields -> $2::text) = 'number' THEN (custom_fields ->> $2::text)::numeric END) BETWEEN $3::numeric AND $4::numeric",
    );
    expect(params.values).toEqual(['acme', 'budget', 100, 200]);
  });

  it('counts days back from the injected now, passed as a parameter', () => {
    const { where, params } = compile({ all: [c('createdAt', 'within_last_days', 7), c('lastContactedAt', 'not_within_last_days', 30)] });
    expect(where).toBe('brand_id = $1::text AND (created_at >= $2::timestamptz AND (last_contacted_at IS NULL OR last_contacted_at < $3::timestamptz))');
    expect(params.values).toEqual(['acme', new Date(NOW.getTime() - 7 * DAY), new Date(NOW.getTime() - 30 * DAY)]);
  });

  it('makes neq and nin the negations of eq and in, also for fields that may be absent', () => {
    const { where } = compile({ all: [c('region', 'neq', 'andina'), c('region', 'nin', ['caribe']), c('stage', 'nin', ['won']), c('customFields.x', 'nin', [1])] });
    expect(where).toBe(
      'brand_id = $1::text AND (region IS DISTINCT FROM $2::text AND (region IS NULL OR region <> ALL($3::text[])) AND stage <> ALL($4::text[])' +
      ' AND NOT coalesce((custom_fields -> $5::text) = ANY($6::jsonb[]), false))',
    );
  });

  it('channel exclusions are parameterised too', () => {
    const params = new SqlParams();
    params.add('acme', 'text');
    expect(channelExclusions('whatsapp', params)).toEqual({ optedOut: '(do_not_contact OR $2::text = ANY(opted_out_channels))', unreachable: 'phone IS NULL' });
    expect(channelExclusions('telegram', params).unreachable).toBe('phone IS NULL');
    expect(channelExclusions('email', params).unreachable).toBe('email IS NULL');
    expect(params.values).toEqual(['acme', 'whatsapp', 'telegram', 'email']);
  });
});
