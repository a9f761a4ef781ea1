import type { ScalarValue, SegmentCondition, SegmentCriteria, SegmentGroup, SegmentNode } from '../domain/segment-criteria.js';
import { SEGMENT_FIELDS, type LeadSegmentField, type SegmentFieldSpec } from '../domain/segment-fields.js';
import type { ContactChannel } from '../domain/lead-state.js';

// Compiles criteria to ONE parameterised WHERE clause over `leads`. What reaches the SQL text is
// only this file's own words: column names from the allow-list below, operators, casts and `$n`
// placeholders. Every value (a custom field's key included) travels as a parameter.

/** Numbered parameters of one statement, each with the cast that fixes its type. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, e.g. `$3::text[]`. */
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** The criteria field → column allow-list; nothing else ever names a column. */
const COLUMNS: Record<LeadSegmentField, string> = {
  stage: 'stage',
  score: 'score',
  tags: 'tags',
  region: 'region',
  timezone: 'timezone',
  assignedTo: 'assigned_to',
  treatment: 'treatment',
  createdAt: 'created_at',
  lastContactedAt: 'last_contacted_at',
  interactions: 'interactions',
};

const CASTS: Record<SegmentFieldSpec['type'], string> = {
  enum: 'text',
  integer: 'int',
  text: 'text',
  date: 'timestamptz',
  tags: 'text',
  custom: 'jsonb',
};

const COMPARISON = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

const DAY_MS = 86_400_000;

export interface CompileContext {
  readonly brandId: string;
  /** The injected clock's now: `within_last_days` counts back from it. */
  readonly now: Date;
}

function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** A condition on a lead column; forms chosen so the btree (brand, stage, score) and GIN (tags) indexes serve them. */
function leadCondition(c: SegmentCondition, name: LeadSegmentField, p: SqlParams, ctx: CompileContext): string {
  const column = COLUMNS[name];
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[name];
  const cast = CASTS[spec.type];
  const one = () => p.add(c.value, cast);
  const many = () => p.add(c.value, `${cast}[]`);
  switch (c.op) {
    case 'eq':
      return `${column} = ${one()}`;
    case 'neq':
      return spec.nullable ? `${column} IS DISTINCT FROM ${one()}` : `${column} <> ${one()}`;
    case 'in':
      return `${column} = ANY(${many()})`;
    case 'nin':
      return spec.nullable ? `(${column} IS NULL OR ${column} <> ALL(${many()}))` : `${column} <> ALL(${many()})`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${column} ${COMPARISON[c.op]} ${one()}`;
    case 'between': {
      const [low, high] = c.value as readonly [number, number] | readonly [Date, Date];
      return `${column} BETWEEN ${p.add(low, cast)} AND ${p.add(high, cast)}`;
    }
    case 'contains_any':
      return `${column} && ${p.add(c.value, 'text[]')}`;
    case 'contains_all':
      return `${column} @> ${p.add(c.value, 'text[]')}`;
    case 'exists':
      if (spec.type === 'tags') return c.value ? `cardinality(${column}) > 0` : `cardinality(${column}) = 0`;
      return c.value ? `${column} IS NOT NULL` : `${column} IS NULL`;
    case 'within_last_days':
      return `${column} >= ${p.add(cutoff(ctx.now, c.value as number), 'timestamptz')}`;
    case 'not_within_last_days': {
      const since = p.add(cutoff(ctx.now, c.value as number), 'timestamptz');
      return spec.nullable ? `(${column} IS NULL OR ${column} < ${since})` : `${column} < ${since}`;
    }
  }
}

/** A condition on one key of `custom_fields`; the key is a parameter like any value. */
function customCondition(c: SegmentCondition, key: string, p: SqlParams): string {
  // Containment with a one-key object: matches the JSON type too (5 ≠ "5") and uses the GIN index.
  const contains = () => `custom_fields @> ${p.add(JSON.stringify({ [key]: c.value as ScalarValue }), 'jsonb')}`;
  const oneOf = () => `(custom_fields -> ${p.add(key, 'text')}) = ANY(${p.add((c.value as ScalarValue[]).map((v) => JSON.stringify(v)), 'jsonb[]')})`;
  // Cast only what is a JSON number: text in the field never makes the cast fail, it just does not match.
  const numeric = () => {
    const k = p.add(key, 'text');
    return `(CASE WHEN jsonb_typeof(custom_fields -> ${k}) = 'number' THEN (custom_fields ->> ${k})::numeric END)`;
  };
  switch (c.op) {
    case 'eq':
      return contains();
    case 'neq':
      return `NOT (${contains()})`;
    case 'in':
      return oneOf();
    case 'nin':
      return `NOT coalesce(${oneOf()}, false)`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${numeric()} ${COMPARISON[c.op]} ${p.add(c.value, 'numeric')}`;
    case 'between': {
      const [low, high] = c.value as readonly [number, number];
      return `${numeric()} BETWEEN ${p.add(low, 'numeric')} AND ${p.add(high, 'numeric')}`;
    }
    case 'exists':
      return c.value ? `custom_fields ? ${p.add(key, 'text')}` : `NOT (custom_fields ? ${p.add(key, 'text')})`;
    default:
      // The criteria value object never lets another op reach a custom field.
      throw new Error(`'${c.op}' does not apply to a custom field`);
  }
}

function node(n: SegmentNode, p: SqlParams, ctx: CompileContext): string {
  if (n.kind === 'group') return group(n, p, ctx);
  return n.field.kind === 'lead' ? leadCondition(n, n.field.name, p, ctx) : customCondition(n, n.field.key, p);
}

function group(g: SegmentGroup, p: SqlParams, ctx: CompileContext): string {
  const parts = g.items.map((item) => node(item, p, ctx));
  return parts.length === 1 ? parts[0]! : `(${parts.join(g.join === 'all' ? ' AND ' : ' OR ')})`;
}

/**
 * The WHERE clause selecting the leads of `criteria` in one brand: always `brand_id = $1 AND (…)`,
 * whatever the criteria say. Columns are unqualified: use it where `leads` is the only relation
 * in scope. More parameters may be added to `params` for the rest of the statement.
 */
export function segmentWhere(criteria: SegmentCriteria, ctx: CompileContext): { where: string; params: SqlParams } {
  const params = new SqlParams();
  const brand = params.add(ctx.brandId, 'text');
  return { where: `brand_id = ${brand} AND ${group(criteria.root, params, ctx)}`, params };
}

/** The lead column a channel needs: a phone for calls, SMS, WhatsApp and Telegram, an email for email. */
export function contactColumnOf(channel: ContactChannel): 'phone' | 'email' {
  // Telegram is reached through the phone number the lead gave (its contacts import by phone).
  return channel === 'email' ? 'email' : 'phone';
}

/** SQL predicates on `leads` that keep a lead out of a send on `channel`. */
export function channelExclusions(channel: ContactChannel, p: SqlParams): { optedOut: string; unreachable: string } {
  return {
    optedOut: `(do_not_contact OR ${p.add(channel, 'text')} = ANY(opted_out_channels))`,
    unreachable: `${contactColumnOf(channel)} IS NULL`,
  };
}

