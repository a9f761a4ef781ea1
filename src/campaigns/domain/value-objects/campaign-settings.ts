import { boundedText, FieldErrorCollector, oneOf, ValidationError, wholeNumber } from '../../../../seedwork/domain/index.js';
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_OBJECTIVES,
  CAMPAIGN_TYPES,
  WRITABLE_FIELDS,
  type CallingWindowState,
  type CampaignWritableFields,
  type MoneyState,
  type RetryPolicyState,
  type WritableField,
} from '../campaign-state.js';
import { CallingWindow } from './calling-window.js';
import { Money } from './money.js';
import { RetryPolicy } from './retry-policy.js';
import { Schedule, type ScheduleInput } from './schedule.js';
import { senderIdList } from './sender-ids.js';

/** Writable fields as a client sends them (only `schedule.endAt` may be left out). */
export interface CampaignSettingsInput {
  readonly name: string;
  readonly description: string;
  readonly type: CampaignWritableFields['type'];
  readonly objective: CampaignWritableFields['objective'];
  readonly channel: CampaignWritableFields['channel'];
  readonly schedule: ScheduleInput | null;
  readonly callingWindow: CallingWindowState | null;
  readonly retryPolicy: RetryPolicyState;
  readonly budget: MoneyState | null;
  readonly maxPerDay: number | null;
  readonly priority: number;
  readonly scriptTemplate: string | null;
  readonly senderIds: readonly string[] | null;
}

export type CampaignSettingsChanges = Partial<CampaignSettingsInput>;

const REQUIRED_ON_CREATE = ['name', 'type', 'objective', 'channel'] as const;

const DEFAULTS: Omit<CampaignWritableFields, (typeof REQUIRED_ON_CREATE)[number]> = {
  description: '',
  schedule: null,
  callingWindow: null,
  retryPolicy: RetryPolicy.DEFAULT.toState(),
  budget: null,
  maxPerDay: null,
  priority: 5,
  scriptTemplate: null,
  senderIds: null,
};

interface RuleContext {
  readonly now: Date;
  readonly current: CampaignWritableFields | null;
}

type FieldRules = {
  readonly [K in WritableField]: (value: CampaignSettingsInput[K], context: RuleContext) => CampaignWritableFields[K];
};

/** Each field's rule; a rule receives a present (not undefined) value and returns it normalized. */
const RULES: FieldRules = {
  name: (value) => {
    if (typeof value !== 'string') throw ValidationError.single('name', 'must be a string');
    return boundedText(value.trim(), 'name', 1, 200);
  },
  description: (value) => boundedText(value, 'description', 0, 2000),
  type: (value) => oneOf(CAMPAIGN_TYPES, value, 'type'),
  objective: (value) => oneOf(CAMPAIGN_OBJECTIVES, value, 'objective'),
  channel: (value) => oneOf(CAMPAIGN_CHANNELS, value, 'channel'),
  schedule: (value, { now, current }) =>
    value === null ? null : Schedule.create(value, now, 'schedule', current?.schedule ?? null).toState(),
  callingWindow: (value) => (value === null ? null : CallingWindow.create(value, 'callingWindow').toState()),
  retryPolicy: (value) => RetryPolicy.create(value, 'retryPolicy').toState(),
  budget: (value) => (value === null ? null : Money.create(value, 'budget').toState()),
  maxPerDay: (value) => (value === null ? null : wholeNumber(value, 'maxPerDay', 1, 1_000_000)),
  priority: (value) => wholeNumber(value, 'priority', 1, 10),
  scriptTemplate: (value) => (value === null ? null : boundedText(value, 'scriptTemplate', 0, 10_000)),
  senderIds: (value) => (value === null ? null : senderIdList(value, 'senderIds')),
};

function applyRule<K extends WritableField>(
  field: K,
  value: CampaignSettingsInput[K],
  context: RuleContext,
): CampaignWritableFields[K] {
  return RULES[field](value, context);
}

/** Validates every present field, collecting all failures; returns the normalized values. */
function validatePresent(
  input: CampaignSettingsChanges,
  context: RuleContext,
  errors: FieldErrorCollector,
): Partial<CampaignWritableFields> {
  const valid: { -readonly [K in WritableField]?: CampaignWritableFields[K] } = {};
  for (const field of WRITABLE_FIELDS) {
    if (input[field] === undefined) continue;
    errors.check(() => assign(valid, field, applyRule(field, input[field]!, context)));
  }
  return valid;
}

function assign<K extends WritableField>(
  target: { -readonly [F in WritableField]?: CampaignWritableFields[F] },
  field: K,
  value: CampaignWritableFields[K],
): void {
  target[field] = value;
}

/**
 * Writable fields of a new campaign: requires name, type, objective and channel, defaults the
 * rest. Throws one ValidationError naming every bad field.
 */
/**
 * Checks the fields present as create and update would, applying nothing: lets the HTTP layer
 * report value mistakes together with JSON-shape mistakes in one answer.
 */
export function checkCampaignSettings(input: CampaignSettingsChanges, now: Date): void {
  const errors = new FieldErrorCollector();
  validatePresent(input, { now, current: null }, errors);
  errors.throwIfAny();
}

export function settingsForCreate(input: CampaignSettingsChanges, now: Date): CampaignWritableFields {
  const errors = new FieldErrorCollector();
  for (const field of REQUIRED_ON_CREATE) if (input[field] === undefined) errors.add(field, 'is required');
  const valid = validatePresent(input, { now, current: null }, errors);
  errors.throwIfAny();
  // Safe: the required fields were present and valid, or errors would have been thrown above.
  return { ...DEFAULTS, ...valid } as CampaignWritableFields;
}

/**
 * Normalized values of the fields present in `changes`, validated against `current` (an
 * unchanged schedule instant is not held against `now`). `scheduleRequired` keeps a scheduled
 * campaign from losing the schedule the scheduler acts on.
 */
export function settingsForUpdate(
  changes: CampaignSettingsChanges,
  current: CampaignWritableFields,
  now: Date,
  { scheduleRequired }: { scheduleRequired: boolean },
): Partial<CampaignWritableFields> {
  const errors = new FieldErrorCollector();
  if (scheduleRequired && changes.schedule === null) {
    errors.add('schedule', 'cannot be removed from a scheduled campaign; cancel it or move it instead');
  }
  const valid = validatePresent(changes, { now, current }, errors);
  errors.throwIfAny();
  return valid;
}
