import { AggregateRoot, FieldErrorCollector, isUuid, newId, oneOf, optionalText, ValidationError } from '../../../seedwork/domain/index.js';
import {
  LEAD_AGGREGATE_TYPE,
  LeadEventType,
  leadSnapshotJson,
  leadUpdatedData,
  type LeadEventData,
} from './lead-events.js';
import { checkStageMove } from './lead-pipeline.js';
import { LEAD_STAGES, type ConsentState, type LeadStage, type LeadState } from './lead-state.js';
import { consentAfterOptIn, consentAfterOptOut, contactChannels, initialConsent } from './value-objects/consent.js';
import { contactFieldsForCreate, contactFieldsForUpdate, type LeadContactInput } from './value-objects/contact-fields.js';
import type { CountryCode } from './value-objects/phone.js';
import { scoreAfter, scoreValue, type ScoreChange } from './value-objects/score.js';

/** Create also takes the initial pipeline position, as an import of an existing contact list needs. */
export interface CreateLeadInput extends LeadContactInput {
  readonly brandId: string;
  readonly score?: number;
  readonly stage?: string;
  readonly assignedTo?: string | null;
}

export type LeadChanges = LeadContactInput;

export interface CreateLeadOptions {
  readonly id?: string;
  /** The country national phone numbers are read in. */
  readonly defaultCountry?: CountryCode;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The aggregate's own copy of its state; `version` is derived by AggregateRoot from the events. */
type LeadProps = Mutable<Omit<LeadState, 'version'>>;

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_REASON = 500;
const MAX_ASSIGNEE = 200;

function brandIdOf(value: unknown): string {
  if (typeof value !== 'string' || !BRAND_ID.test(value)) {
    throw ValidationError.single('brandId', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  return value;
}

/** A user id (the `sub` of the agent's token), or null for nobody. */
function assigneeOf(value: unknown): string | null {
  if (value === null) return null;
  const id = typeof value === 'string' ? value.trim() : '';
  if (id === '' || [...id].length > MAX_ASSIGNEE) {
    throw ValidationError.single('assignedTo', `must be a user id of 1 to ${MAX_ASSIGNEE} characters, or null`);
  }
  return id;
}

const copyDate = (date: Date): Date => new Date(date.getTime());
const copyConsent = (c: ConsentState): ConsentState => ({ ...c, optedOutChannels: [...c.optedOutChannels], updatedAt: copyDate(c.updatedAt) });

// Deep copy, so neither a caller of `state` nor the persistence mapper shares objects with the aggregate.
function copyProps(state: Omit<LeadState, 'version'>): LeadProps {
  return {
    id: state.id,
    brandId: state.brandId,
    firstName: state.firstName,
    lastName: state.lastName,
    phone: state.phone,
    email: state.email,
    timezone: state.timezone,
    region: state.region,
    tags: [...state.tags],
    customFields: { ...state.customFields },
    treatment: state.treatment,
    nextActionAt: state.nextActionAt && copyDate(state.nextActionAt),
    notes: state.notes,
    score: state.score,
    stage: state.stage,
    stageEnteredAt: copyDate(state.stageEnteredAt),
    assignedTo: state.assignedTo,
    consent: copyConsent(state.consent),
    lastContactedAt: state.lastContactedAt && copyDate(state.lastContactedAt),
    interactions: state.interactions,
    createdAt: copyDate(state.createdAt),
    updatedAt: copyDate(state.updatedAt),
  };
}

/**
 * A contact of a brand in its sales pipeline. Each command validates its input, applies the
 * pipeline and consent rules, then records exactly one event, or none when nothing changes
 * (a repeated assignment, score or opt-out is idempotent; a move to the current stage is not).
 */
export class Lead extends AggregateRoot {
  readonly aggregateType = LEAD_AGGREGATE_TYPE;
  readonly #props: LeadProps;

  private constructor(props: LeadProps, persistedVersion: number) {
    super(props.id, props.brandId, persistedVersion);
    this.#props = props;
  }

  /** A new lead in stage `new` (unless told otherwise); throws one ValidationError naming every bad field. */
  static create(input: CreateLeadInput, now: Date, { id = newId(), defaultCountry }: CreateLeadOptions = {}): Lead {
    const errors = new FieldErrorCollector();
    if (!isUuid(id)) errors.add('id', 'must be a UUID');
    const brandId = errors.check(() => brandIdOf(input.brandId));
    const contact = errors.check(() => contactFieldsForCreate(input, defaultCountry));
    const score = input.score === undefined ? 0 : errors.check(() => scoreValue(input.score));
    const stage = input.stage === undefined ? 'new' : errors.check(() => oneOf(LEAD_STAGES, input.stage, 'stage'));
    const assignedTo = input.assignedTo === undefined ? null : errors.check(() => assigneeOf(input.assignedTo));
    errors.throwIfAny();
    const lead = new Lead(
      {
        ...contact!,
        id,
        brandId: brandId!,
        score: score!,
        stage: stage!,
        stageEnteredAt: copyDate(now),
        assignedTo: assignedTo ?? null,
        consent: initialConsent(now),
        lastContactedAt: null,
        interactions: 0,
        createdAt: copyDate(now),
        updatedAt: copyDate(now),
      },
      0,
    );
    lead.#record(LeadEventType.Created, leadSnapshotJson(lead.#props), now);
    return lead;
  }

  /** Rebuilds a lead from persistence without validating or recording anything. */
  static restore(state: LeadState): Lead {
    return new Lead(copyProps(state), state.version);
  }

  /** A copy of the current state, including events recorded but not yet saved. */
  get state(): LeadState {
    return { ...copyProps(this.#props), version: this.version };
  }

  /** Changes contact fields; records LeadUpdated only if a value really changed. */
  update(changes: LeadChanges, now: Date, defaultCountry?: CountryCode): void {
    const valid = contactFieldsForUpdate(changes, this.#props, defaultCountry);
    const data = leadUpdatedData(this.#props, valid);
    if (!data) return;
    Object.assign(this.#props, copyProps({ ...this.#props, ...valid }));
    this.#record(LeadEventType.Updated, data, now);
  }

  /** Moves the lead along the pipeline (STAGE_TRANSITIONS); `stageEnteredAt` becomes `now`. */
  moveToStage(stage: LeadStage, reason: string | null | undefined, now: Date): void {
    const errors = new FieldErrorCollector();
    const to = errors.check(() => oneOf(LEAD_STAGES, stage, 'stage'));
    const why = errors.check(() => optionalText(reason, 'reason', MAX_REASON));
    errors.throwIfAny();
    const from = this.#props.stage;
    checkStageMove(from, to!, why ?? null);
    this.#props.stage = to!;
    this.#props.stageEnteredAt = copyDate(now);
    this.#record(LeadEventType.StageChanged, { from, to: to!, reason: why ?? null }, now);
  }

  /** Sets or moves the score within 0..100. */
  changeScore(change: ScoreChange, now: Date): void {
    const from = this.#props.score;
    const to = scoreAfter(from, change);
    if (to === from) return;
    this.#props.score = to;
    this.#record(LeadEventType.ScoreChanged, { from, to, delta: to - from }, now);
  }

  /** Hands the lead to an agent (a user id), or to nobody with null. */
  assign(assignedTo: string | null, now: Date): void {
    const from = this.#props.assignedTo;
    const to = assigneeOf(assignedTo);
    if (to === from) return;
    this.#props.assignedTo = to;
    this.#record(LeadEventType.Assigned, { from, to }, now);
  }

  /** Stops contact on `channels` (every channel when undefined), for every campaign from now on. */
  optOut(channels: readonly string[] | undefined, reason: string | null | undefined, now: Date): void {
    this.#changeConsent(LeadEventType.OptedOut, channels, reason, now);
  }

  /** Allows contact again on `channels` (every channel when undefined). */
  optIn(channels: readonly string[] | undefined, reason: string | null | undefined, now: Date): void {
    this.#changeConsent(LeadEventType.OptedIn, channels, reason, now);
  }

  #changeConsent(
    type: typeof LeadEventType.OptedOut | typeof LeadEventType.OptedIn,
    channels: readonly string[] | undefined,
    reason: string | null | undefined,
    now: Date,
  ): void {
    const errors = new FieldErrorCollector();
    const named = errors.check(() => contactChannels(channels));
    const why = errors.check(() => optionalText(reason, 'reason', MAX_REASON));
    errors.throwIfAny();
    const change = type === LeadEventType.OptedOut ? consentAfterOptOut : consentAfterOptIn;
    const consent = change(this.#props.consent, named!, why ?? null, now);
    if (!consent) return;
    this.#props.consent = consent;
    const { doNotContact, optedOutChannels } = consent;
    this.#record(type, { channels: named!, reason: why ?? null, doNotContact, optedOutChannels: [...optedOutChannels] }, now);
  }

  #record<T extends LeadEventType>(type: T, data: LeadEventData[T], now: Date): void {
    this.record(type, data, now);
    this.#props.updatedAt = copyDate(now);
  }
}
