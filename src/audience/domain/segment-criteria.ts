import { ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import {
  CUSTOM_FIELD_PREFIX,
  fieldName,
  LEAD_SEGMENT_FIELDS,
  opsFor,
  SEGMENT_OPS,
  specOf,
  type LeadSegmentField,
  type SegmentFieldRef,
  type SegmentFieldSpec,
  type SegmentOp,
} from './segment-fields.js';

/** Groups nest at most this deep (the root group is level 1). */
export const MAX_CRITERIA_DEPTH = 5;
/** Conditions in the whole tree. */
export const MAX_CRITERIA_CONDITIONS = 100;
/** Items of one group. */
export const MAX_GROUP_ITEMS = 50;
/** Values of one `in`/`nin`/`contains_*` list. */
export const MAX_LIST_VALUES = 1000;
/** `within_last_days` and `not_within_last_days` look back at most a century. */
export const MAX_DAYS = 36_500;
const MAX_TEXT = 200;
const MAX_CUSTOM_TEXT = 1000;
const MAX_TAG = 50;
/** Reported per criteria; past it the client has enough to fix first. */
const MAX_ERRORS = 50;

// The keys the lead's custom fields allow (custom-fields.ts), which never include `__proto__`.
const CUSTOM_KEY = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const TAG_FORBIDDEN = /[;\p{Cc}]/u;

export type ScalarValue = string | number | boolean;

/**
 * A condition's value once validated: a scalar (`eq`, `gt`…; a boolean for `exists`; a day count
 * for `within_last_days`), a Date for date comparisons, a list (`in`, `nin`, `contains_*`) or a
 * `[low, high]` pair (`between`, inclusive).
 */
export type ConditionValue = ScalarValue | Date | readonly ScalarValue[] | readonly [number, number] | readonly [Date, Date];

export interface SegmentCondition {
  readonly kind: 'condition';
  readonly field: SegmentFieldRef;
  readonly op: SegmentOp;
  readonly value: ConditionValue;
}

export interface SegmentGroup {
  readonly kind: 'group';
  readonly join: 'all' | 'any';
  readonly items: readonly SegmentNode[];
}

export type SegmentNode = SegmentGroup | SegmentCondition;

/** Criteria as JSON (stored, returned, recorded in events): dates as ISO 8601 UTC strings. */
export type CriteriaJson = { all: CriteriaNodeJson[] } | { any: CriteriaNodeJson[] };
export type CriteriaNodeJson = CriteriaJson | { field: string; op: SegmentOp; value: unknown };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown) => (Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value);

class Problems {
  readonly list: FieldError[] = [];
  add(field: string, message: string): undefined {
    if (this.list.length < MAX_ERRORS) this.list.push({ field, message });
    return undefined;
  }
}

/** A field name of the criteria language, or undefined (with the reason recorded). */
function fieldRef(raw: unknown, path: string, problems: Problems): SegmentFieldRef | undefined {
  const known = `${LEAD_SEGMENT_FIELDS.join(', ')} or ${CUSTOM_FIELD_PREFIX}<name>`;
  if (typeof raw !== 'string') return problems.add(path, `must be a field name: ${known}`);
  if ((LEAD_SEGMENT_FIELDS as readonly string[]).includes(raw)) return { kind: 'lead', name: raw as LeadSegmentField };
  if (raw.startsWith(CUSTOM_FIELD_PREFIX)) {
    const key = raw.slice(CUSTOM_FIELD_PREFIX.length);
    if (CUSTOM_KEY.test(key)) return { kind: 'custom', key };
    return problems.add(path, 'names a custom field that cannot exist: after "customFields." start with a letter or _, then letters, digits or _ (at most 64)');
  }
  return problems.add(path, `is not a known field; use one of ${known}`);
}

function integer(raw: unknown, path: string, min: number, max: number, problems: Problems): number | undefined {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min || raw > max) return problems.add(path, `must be an integer from ${min} to ${max}`);
  return raw;
}

function dateValue(raw: unknown, path: string, problems: Problems): Date | undefined {
  const bad = () => problems.add(path, 'must be an ISO 8601 date (2026-11-23) or timestamp with a time zone (2026-11-23T10:00:00.000Z)');
  if (typeof raw !== 'string') return bad();
  const day = DATE_ONLY.exec(raw);
  if (day) {
    const date = new Date(`${raw}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March; a real calendar day reads back the same.
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw ? bad() : date;
  }
  if (!INSTANT.test(raw)) return bad();
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? bad() : date;
}

function text(raw: unknown, path: string, max: number, problems: Problems): string | undefined {
  if (typeof raw !== 'string') return problems.add(path, `must be a string of 1 to ${max} characters`);
  const trimmed = raw.trim();
  if (trimmed === '' || [...trimmed].length > max) return problems.add(path, `must be a string of 1 to ${max} characters`);
  return trimmed;
}

function tag(raw: unknown, path: string, problems: Problems): string | undefined {
  const value = text(raw, path, MAX_TAG, problems);
  if (value !== undefined && TAG_FORBIDDEN.test(value)) return problems.add(path, 'must not contain \';\' or control characters (no tag can)');
  return value;
}

/** One value compared with the field: `ordered` for gt/gte/lt/lte/between, where only numbers and dates fit. */
function scalar(spec: SegmentFieldSpec, raw: unknown, path: string, ordered: boolean, problems: Problems): ScalarValue | Date | undefined {
  switch (spec.type) {
    case 'enum':
      if (typeof raw !== 'string' || !spec.values!.includes(raw)) return problems.add(path, `must be one of ${spec.values!.join(', ')}`);
      return raw;
    case 'integer':
      return integer(raw, path, spec.min!, spec.max!, problems);
    case 'text':
      return text(raw, path, MAX_TEXT, problems);
    case 'date':
      return dateValue(raw, path, problems);
    case 'tags':
      return tag(raw, path, problems);
    case 'custom':
      if (ordered) {
        if (typeof raw !== 'number' || !Number.isFinite(raw)) return problems.add(path, 'must be a number (ordering compares numeric custom fields)');
        return raw;
      }
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : problems.add(path, 'must be a finite number');
      if (typeof raw === 'string') return [...raw].length <= MAX_CUSTOM_TEXT ? raw : problems.add(path, `must have at most ${MAX_CUSTOM_TEXT} characters`);
      return problems.add(path, 'must be a string, a number or a boolean (custom fields are flat)');
  }
}

function list(spec: SegmentFieldSpec, raw: unknown, path: string, problems: Problems): ScalarValue[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_LIST_VALUES) return problems.add(path, `must be an array of 1 to ${MAX_LIST_VALUES} values`);
  const before = problems.list.length;
  const values = raw.map((item, i) => scalar(spec, item, `${path}[${i}]`, false, problems));
  if (problems.list.length > before) return undefined;
  // Duplicates change nothing but the size of the query.
  const seen = new Set<string>();
  return (values as ScalarValue[]).filter((v) => {
    const key = JSON.stringify(v);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function between(spec: SegmentFieldSpec, raw: unknown, path: string, problems: Problems): readonly [number, number] | readonly [Date, Date] | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return problems.add(path, 'must be a pair [low, high] (both included)');
  const low = scalar(spec, raw[0], `${path}[0]`, true, problems);
  const high = scalar(spec, raw[1], `${path}[1]`, true, problems);
  if (low === undefined || high === undefined) return undefined;
  const order = (v: ScalarValue | Date) => (v instanceof Date ? v.getTime() : (v as number));
  if (order(low) > order(high)) return problems.add(path, 'must have its low end first ([low, high])');
  return [low, high] as readonly [number, number] | readonly [Date, Date];
}

function value(spec: SegmentFieldSpec, op: SegmentOp, raw: unknown, path: string, problems: Problems): ConditionValue | undefined {
  switch (op) {
    case 'exists':
      return typeof raw === 'boolean' ? raw : problems.add(path, 'must be true (the field has a value) or false (it has none)');
    case 'within_last_days':
    case 'not_within_last_days':
      return integer(raw, path, 1, MAX_DAYS, problems);
    case 'in':
    case 'nin':
    case 'contains_any':
    case 'contains_all':
      return list(spec, raw, path, problems);
    case 'between':
      return between(spec, raw, path, problems);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return scalar(spec, raw, path, true, problems);
    case 'eq':
    case 'neq':
      return scalar(spec, raw, path, false, problems);
  }
}

const CONDITION_KEYS = ['field', 'op', 'value'];

function condition(raw: Record<string, unknown>, path: string, problems: Problems): SegmentCondition | undefined {
  for (const key of Object.keys(raw)) if (!CONDITION_KEYS.includes(key)) problems.add(`${path}.${key}`, 'is not an allowed field');
  const field = 'field' in raw ? fieldRef(raw.field, `${path}.field`, problems) : problems.add(`${path}.field`, 'is required');
  let op: SegmentOp | undefined;
  if (!('op' in raw)) problems.add(`${path}.op`, 'is required');
  else if (typeof raw.op !== 'string' || !(SEGMENT_OPS as readonly string[]).includes(raw.op)) problems.add(`${path}.op`, `must be one of ${SEGMENT_OPS.join(', ')}`);
  else op = raw.op as SegmentOp;
  if (!('value' in raw)) return problems.add(`${path}.value`, 'is required');
  if (!field || !op) return undefined;
  const spec = specOf(field);
  const fitting = opsFor(spec);
  if (!fitting.includes(op)) {
    const kind = field.kind === 'custom' ? 'custom field' : `${spec.type}${spec.nullable ? '' : ', always present'}`;
    return problems.add(`${path}.op`, `'${op}' does not apply to ${fieldName(field)} (${kind}); use one of ${fitting.join(', ')}`);
  }
  const parsed = value(spec, op, raw.value, `${path}.value`, problems);
  return parsed === undefined ? undefined : { kind: 'condition', field, op, value: parsed };
}

interface Walk {
  conditions: number;
  problems: Problems;
}

function group(raw: Record<string, unknown>, path: string, depth: number, walk: Walk): SegmentGroup | undefined {
  const joins = (['all', 'any'] as const).filter((j) => j in raw);
  if (joins.length !== 1) return walk.problems.add(path, 'must have exactly one of "all" or "any"');
  const join = joins[0]!;
  for (const key of Object.keys(raw)) if (key !== join) walk.problems.add(`${path}.${key}`, 'is not an allowed field');
  if (depth > MAX_CRITERIA_DEPTH) return walk.problems.add(path, `nests groups deeper than ${MAX_CRITERIA_DEPTH} levels`);
  const items = raw[join];
  const itemsPath = `${path}.${join}`;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_GROUP_ITEMS) {
    return walk.problems.add(itemsPath, `must be an array of 1 to ${MAX_GROUP_ITEMS} groups or conditions`);
  }
  const nodes = items.map((item, i) => node(item, `${itemsPath}[${i}]`, depth, walk));
  return nodes.every((n) => n !== undefined) ? { kind: 'group', join, items: nodes as SegmentNode[] } : undefined;
}

function node(raw: unknown, path: string, parentDepth: number, walk: Walk): SegmentNode | undefined {
  if (!isPlainObject(raw)) return walk.problems.add(path, `must be a group ({"all":[…]} or {"any":[…]}) or a condition ({"field","op","value"}), not ${describe(raw)}`);
  if ('all' in raw || 'any' in raw) return group(raw, path, parentDepth + 1, walk);
  if (++walk.conditions === MAX_CRITERIA_CONDITIONS + 1) walk.problems.add(path, `is one condition too many: criteria hold at most ${MAX_CRITERIA_CONDITIONS}`);
  return condition(raw, path, walk.problems);
}

function valueJson(value: ConditionValue): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v instanceof Date ? v.toISOString() : v));
  return value;
}

function nodeJson(n: SegmentNode): CriteriaNodeJson {
  if (n.kind === 'condition') return { field: fieldName(n.field), op: n.op, value: valueJson(n.value) };
  return groupJson(n);
}

function groupJson(g: SegmentGroup): CriteriaJson {
  const items = g.items.map(nodeJson);
  return g.join === 'all' ? { all: items } : { any: items };
}

/**
 * The criteria language of API.md as a value object: a tree of `all`/`any` groups whose leaves
 * compare one lead field with a value. Parsing checks every node (known field, an operator that
 * fits the field's type, a value of the right type, depth and size limits) and reports each bad
 * one by its path in the request, e.g. `criteria.all[1].any[0].op`.
 */
export class SegmentCriteria {
  private constructor(
    readonly root: SegmentGroup,
    readonly conditionCount: number,
  ) {}

  /** Validates raw JSON; throws one ValidationError naming every bad node (paths start at `path`). */
  static parse(raw: unknown, path = 'criteria'): SegmentCriteria {
    const walk: Walk = { conditions: 0, problems: new Problems() };
    let root: SegmentGroup | undefined;
    if (!isPlainObject(raw)) walk.problems.add(path, `must be an object: a group {"all":[…]} or {"any":[…]}, not ${describe(raw)}`);
    else if (!('all' in raw) && !('any' in raw)) walk.problems.add(path, 'must be a group: {"all":[…]} or {"any":[…]} at the top');
    else root = group(raw, path, 1, walk);
    if (walk.problems.list.length > 0 || !root) throw new ValidationError(walk.problems.list);
    return new SegmentCriteria(root, walk.conditions);
  }

  /** The canonical JSON form (trimmed texts, duplicates dropped, dates in UTC): what is stored and recorded. */
  toJSON(): CriteriaJson {
    return groupJson(this.root);
  }
}
