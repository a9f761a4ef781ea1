import { AggregateRoot, BusinessRuleError, FieldErrorCollector, isUuid, newId, oneOf, ValidationError } from '../../../seedwork/domain/index.js';
import {
  CAMPAIGN_EVENT_SCHEMA_VERSIONS,
  CampaignEventType,
  settingsFieldJson,
  settingsJson,
  type CampaignCreatedData,
  type CampaignEventData,
  type AudienceTotals,
  type CampaignAudienceAddedData,
  type CampaignSettingsJson,
} from './campaign-events.js';
import {
  ACTIVATION_REASONS,
  FINISH_REASONS,
  nextCampaignStatus,
  type ActivationReason,
  type FinishReason,
} from './campaign-lifecycle.js';
import { WRITABLE_FIELDS, type CampaignState, type CampaignStatus, type WritableField } from './campaign-state.js';
import { applyMetricsChange, INITIAL_METRICS, type MetricsChange } from './value-objects/campaign-metrics.js';
import {
  settingsForCreate,
  settingsForUpdate,
  type CampaignSettingsChanges,
  type CampaignSettingsInput,
} from './value-objects/campaign-settings.js';
import { Schedule } from './value-objects/schedule.js';

type RequiredOnCreate = 'name' | 'type' | 'objective' | 'channel';

export type CreateCampaignInput = { readonly brandId: string } & Pick<CampaignSettingsInput, RequiredOnCreate> &
  Partial<Omit<CampaignSettingsInput, RequiredOnCreate>>;

export type CampaignChanges = CampaignSettingsChanges;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The aggregate's own copy of its state; `version` is derived by AggregateRoot from the events. */
type CampaignProps = Mutable<Omit<CampaignState, 'version'>>;
type SettingsDiff = Mutable<Partial<CampaignSettingsJson>>;

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_REASON_LENGTH = 500;

function brandIdOf(value: unknown): string {
  if (typeof value !== 'string' || !BRAND_ID.test(value)) {
    throw ValidationError.single('brandId', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  return value;
}

/** Optional free-text reason (pause, cancel): blank means none. */
function freeTextReason(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw ValidationError.single('reason', 'must be a string');
  const trimmed = value.trim();
  if ([...trimmed].length > MAX_REASON_LENGTH) {
    throw ValidationError.single('reason', `must have at most ${MAX_REASON_LENGTH} characters`);
  }
  return trimmed === '' ? null : trimmed;
}

const copyDate = (date: Date): Date => new Date(date.getTime());

/** Counts measured by the audience store: a broken one is a bug, never the client's fault. */
function checkCounts(counts: Record<string, number>): void {
  for (const [name, n] of Object.entries(counts)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`audience count ${name} must be a non-negative integer, got ${n}`);
  }
  if (counts.pending !== undefined && counts.totalContacts !== undefined && counts.pending > counts.totalContacts) {
    throw new Error('audience pending members cannot outnumber the audience');
  }
}

// Deep copy, so neither a caller of `state` nor the persistence mapper shares objects with the aggregate.
function copyProps(state: Omit<CampaignState, 'version'>): CampaignProps {
  return {
    id: state.id,
    brandId: state.brandId,
    name: state.name,
    description: state.description,
    type: state.type,
    objective: state.objective,
    channel: state.channel,
    status: state.status,
    schedule: state.schedule && {
      startAt: copyDate(state.schedule.startAt),
      endAt: state.schedule.endAt && copyDate(state.schedule.endAt),
    },
    callingWindow: state.callingWindow && { ...state.callingWindow, days: [...state.callingWindow.days] },
    retryPolicy: { ...state.retryPolicy },
    budget: state.budget && { ...state.budget },
    maxPerDay: state.maxPerDay,
    priority: state.priority,
    scriptTemplate: state.scriptTemplate,
    senderIds: state.senderIds && [...state.senderIds],
    metrics: { ...state.metrics },
    cancelReason: state.cancelReason,
    createdAt: copyDate(state.createdAt),
    updatedAt: copyDate(state.updatedAt),
  };
}

/**
 * An outbound campaign of a brand. Every command checks the lifecycle table first, validates its
 * input, then changes state and records exactly one event (or none when nothing changed).
 */
export class Campaign extends AggregateRoot {
  readonly aggregateType = 'Campaign';
  readonly #props: CampaignProps;

  private constructor(props: CampaignProps, persistedVersion: number) {
    super(props.id, props.brandId, persistedVersion);
    this.#props = props;
  }

  /** A new draft; throws one ValidationError naming every bad field. */
  static create(input: CreateCampaignInput, now: Date, id: string = newId()): Campaign {
    const errors = new FieldErrorCollector();
    if (!isUuid(id)) errors.add('id', 'must be a UUID');
    const brandId = errors.check(() => brandIdOf(input.brandId));
    const settings = errors.check(() => settingsForCreate(input, now));
    errors.throwIfAny();
    const campaign = new Campaign(
      {
        ...settings!,
        id,
        brandId: brandId!,
        status: 'draft',
        metrics: { ...INITIAL_METRICS },
        cancelReason: null,
        createdAt: copyDate(now),
        updatedAt: copyDate(now),
      },
      0,
    );
    campaign.#record(CampaignEventType.Created, campaign.#createdData(), now);
    return campaign;
  }

  /**
   * Rebuilds a campaign from persistence without validating or recording anything: the stored
   * state was valid when written, and rules tied to time (a future `startAt`) no longer hold.
   */
  static restore(state: CampaignState): Campaign {
    return new Campaign(copyProps(state), state.version);
  }

  /** A copy of the current state, including events recorded but not yet saved. */
  get state(): CampaignState {
    return { ...copyProps(this.#props), version: this.version };
  }

  get status(): CampaignStatus {
    return this.#props.status;
  }

  /** Changes writable fields (draft, scheduled, paused); records CampaignUpdated only if a value really changed. */
  update(changes: CampaignChanges, now: Date): void {
    nextCampaignStatus(this.#props.status, 'update');
    const valid = settingsForUpdate(changes, this.#props, now, { scheduleRequired: this.#props.status === 'scheduled' });
    const diff = { changes: {} as SettingsDiff, previous: {} as SettingsDiff };
    for (const field of WRITABLE_FIELDS) {
      if (valid[field] !== undefined) this.#changeField(field, valid[field]!, diff);
    }
    if (Object.keys(diff.changes).length === 0) return;
    this.#record(CampaignEventType.Updated, diff, now);
  }

  /** Sets when the scheduler starts (and optionally finishes) the campaign; from draft or scheduled. */
  schedule(startAt: Date, endAt: Date | null, now: Date): void {
    const previousStatus = this.#props.status;
    const status = nextCampaignStatus(previousStatus, 'schedule');
    const schedule = Schedule.create({ startAt, endAt }, now, '').toState();
    this.#props.schedule = schedule;
    this.#props.status = status;
    this.#record(CampaignEventType.Scheduled, { schedule: settingsFieldJson('schedule', schedule)!, previousStatus }, now);
  }

  /** Starts the campaign: manually from draft or scheduled, by the scheduler only from scheduled. */
  activate(now: Date, reason: ActivationReason): void {
    const action = oneOf(ACTIVATION_REASONS, reason, 'reason') === 'schedule' ? 'activateOnSchedule' : 'activate';
    const previousStatus = this.#props.status;
    const status = nextCampaignStatus(previousStatus, action);
    // After the lifecycle check and before any state change, so a refusal leaves nothing behind.
    if (this.#props.metrics.totalContacts === 0) {
      throw new BusinessRuleError(`Cannot activate a campaign whose status is '${previousStatus}' while its audience is empty: add leads to it first`);
    }
    this.#props.status = status;
    this.#record(CampaignEventType.Activated, { reason, previousStatus }, now);
  }

  pause(now: Date, reason?: string): void {
    const status = nextCampaignStatus(this.#props.status, 'pause');
    const why = freeTextReason(reason);
    this.#props.status = status;
    this.#record(CampaignEventType.Paused, { reason: why }, now);
  }

  resume(now: Date): void {
    this.#props.status = nextCampaignStatus(this.#props.status, 'resume');
    this.#record(CampaignEventType.Resumed, {}, now);
  }

  finish(now: Date, reason: FinishReason): void {
    oneOf(FINISH_REASONS, reason, 'reason');
    const previousStatus = this.#props.status;
    this.#props.status = nextCampaignStatus(previousStatus, 'finish');
    this.#record(CampaignEventType.Finished, { reason, previousStatus }, now);
  }

  cancel(now: Date, reason?: string): void {
    const previousStatus = this.#props.status;
    const status = nextCampaignStatus(previousStatus, 'cancel');
    const why = freeTextReason(reason);
    this.#props.status = status;
    this.#props.cancelReason = why;
    this.#record(CampaignEventType.Cancelled, { reason: why, previousStatus }, now);
  }

  /** Marks a draft for deletion: the repository removes the row, the event log keeps the history. */
  delete(now: Date): void {
    nextCampaignStatus(this.#props.status, 'delete');
    this.#record(CampaignEventType.Deleted, {}, now);
  }

  /** Applies a brand's report of sales, engagement and spend (active, paused or finished). */
  reportMetrics(change: MetricsChange, now: Date): void {
    nextCampaignStatus(this.#props.status, 'reportMetrics');
    const { metrics, recorded } = applyMetricsChange(this.#props.metrics, change);
    this.#props.metrics = metrics;
    const { salesCount, salesAmount, engagement, budgetSpent } = metrics;
    this.#record(
      CampaignEventType.MetricsUpdated,
      { changes: recorded, metrics: { salesCount, salesAmount, engagement, budgetSpent } },
      now,
    );
  }

  /** Refuses any audience change outside draft, scheduled, active and paused: check it before taking a snapshot. */
  checkAudienceChange(): void {
    nextCampaignStatus(this.#props.status, 'changeAudience');
  }

  /**
   * Records a snapshot of leads joining the audience, with the counts the audience store measured
   * in this unit of work (the campaign row is locked meanwhile, so they cannot be stale). Nothing
   * is recorded when no lead joined: the audience did not change.
   */
  addToAudience(snapshot: CampaignAudienceAddedData, now: Date): void {
    nextCampaignStatus(this.#props.status, 'changeAudience');
    checkCounts({ ...snapshot.excluded, added: snapshot.added, alreadyPresent: snapshot.alreadyPresent, totalContacts: snapshot.totalContacts, pending: snapshot.pending });
    if (snapshot.added === 0) return;
    this.#setAudienceTotals(snapshot);
    this.#record(CampaignEventType.AudienceAdded, {
      source: snapshot.source,
      priority: snapshot.priority,
      added: snapshot.added,
      alreadyPresent: snapshot.alreadyPresent,
      excluded: { optedOut: snapshot.excluded.optedOut, unreachable: snapshot.excluded.unreachable },
      totalContacts: snapshot.totalContacts,
      pending: snapshot.pending,
    }, now);
  }

  /** Records that a not-yet-attempted member left the audience, with the totals measured after its removal. */
  removeFromAudience(leadId: string, totals: AudienceTotals, now: Date): void {
    nextCampaignStatus(this.#props.status, 'changeAudience');
    checkCounts({ totalContacts: totals.totalContacts, pending: totals.pending });
    this.#setAudienceTotals(totals);
    this.#record(CampaignEventType.AudienceRemoved, { leadId, totalContacts: totals.totalContacts, pending: totals.pending }, now);
  }

  #setAudienceTotals({ totalContacts, pending }: AudienceTotals): void {
    this.#props.metrics = { ...this.#props.metrics, totalContacts, pending };
  }

  #changeField<K extends WritableField>(field: K, value: CampaignProps[K], diff: { changes: SettingsDiff; previous: SettingsDiff }): void {
    const before = settingsFieldJson(field, this.#props[field]);
    const after = settingsFieldJson(field, value);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    diff.changes[field] = after;
    diff.previous[field] = before;
    this.#props[field] = value;
  }

  #createdData(): CampaignCreatedData {
    const props = this.#props;
    return {
      id: props.id,
      brandId: props.brandId,
      ...settingsJson(props),
      status: props.status,
      metrics: { ...props.metrics },
      cancelReason: props.cancelReason,
      createdAt: props.createdAt.toISOString(),
      updatedAt: props.updatedAt.toISOString(),
    };
  }

  #record<T extends CampaignEventType>(type: T, data: CampaignEventData[T], now: Date): void {
    this.record(type, data, now, CAMPAIGN_EVENT_SCHEMA_VERSIONS[type]);
    this.#props.updatedAt = copyDate(now);
  }
}
