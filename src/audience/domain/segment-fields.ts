import { LEAD_STAGES, LEAD_TREATMENTS } from './lead-state.js';

/** The operators of the criteria language (API.md, "Segments"). */
export const SEGMENT_OPS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains_any',
  'contains_all',
  'exists',
  'within_last_days',
  'not_within_last_days',
] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

/** What a field's values are; it decides which operators fit and what a value must look like. */
export type SegmentFieldType = 'enum' | 'integer' | 'text' | 'date' | 'tags' | 'custom';

export interface SegmentFieldSpec {
  readonly type: SegmentFieldType;
  /**
   * May be absent on a lead: `exists` applies, and `neq`/`nin`/`not_within_last_days` also match
   * leads without a value (they are the negations of `eq`/`in`/`within_last_days`).
   * An empty tag list counts as absent.
   */
  readonly nullable: boolean;
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** The lead fields a condition may name, besides `customFields.<name>`. */
export const SEGMENT_FIELDS = {
  stage: { type: 'enum', nullable: false, values: LEAD_STAGES },
  score: { type: 'integer', nullable: false, min: 0, max: 100 },
  tags: { type: 'tags', nullable: true },
  region: { type: 'text', nullable: true },
  timezone: { type: 'text', nullable: true },
  assignedTo: { type: 'text', nullable: true },
  treatment: { type: 'enum', nullable: false, values: LEAD_TREATMENTS },
  createdAt: { type: 'date', nullable: false },
  lastContactedAt: { type: 'date', nullable: true },
  interactions: { type: 'integer', nullable: false, min: 0, max: 2_147_483_647 },
} as const satisfies Record<string, SegmentFieldSpec>;
export type LeadSegmentField = keyof typeof SEGMENT_FIELDS;
export const LEAD_SEGMENT_FIELDS = Object.keys(SEGMENT_FIELDS) as LeadSegmentField[];

export const CUSTOM_FIELD_PREFIX = 'customFields.';
/** Custom field values are strings, numbers or booleans, so a custom field may be absent. */
export const CUSTOM_FIELD_SPEC: SegmentFieldSpec = { type: 'custom', nullable: true };

const OPS_BY_TYPE: Record<SegmentFieldType, readonly SegmentOp[]> = {
  enum: ['eq', 'neq', 'in', 'nin'],
  integer: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between'],
  text: ['eq', 'neq', 'in', 'nin', 'exists'],
  // Equality on instants is almost never what someone means; ranges and "last N days" are.
  date: ['gt', 'gte', 'lt', 'lte', 'between', 'within_last_days', 'not_within_last_days', 'exists'],
  tags: ['contains_any', 'contains_all', 'exists'],
  // Ordering ops compare numbers only; a custom field holding text never matches them.
  custom: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
};

/** The operators that fit a field: its type's, with `exists` only where the field may be absent. */
export function opsFor(spec: SegmentFieldSpec): readonly SegmentOp[] {
  return OPS_BY_TYPE[spec.type].filter((op) => op !== 'exists' || spec.nullable);
}

/** A field a condition names: a lead column, or one key of the flat custom fields. */
export type SegmentFieldRef =
  | { readonly kind: 'lead'; readonly name: LeadSegmentField }
  | { readonly kind: 'custom'; readonly key: string };

/** The field's name as the criteria language writes it. */
export function fieldName(field: SegmentFieldRef): string {
  return field.kind === 'lead' ? field.name : `${CUSTOM_FIELD_PREFIX}${field.key}`;
}

export function specOf(field: SegmentFieldRef): SegmentFieldSpec {
  return field.kind === 'lead' ? SEGMENT_FIELDS[field.name] : CUSTOM_FIELD_SPEC;
}
