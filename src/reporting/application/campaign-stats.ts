/*
 * The campaign metrics read model as a pure projection: `evolveCampaignStats(state, event)` folds
 * one campaign event into that campaign's statistics. It reads the events' published contract
 * (API.md, at their current schemaVersion after upcasting), not the campaigns module's classes,
 * as any downstream service would. Live feeding, replay and tests all run this one function.
 */

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'paused', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** One campaign's statistics; instants are ISO 8601 strings, durations whole milliseconds. */
export interface CampaignStats {
  readonly campaignId: string;
  readonly brandId: string;
  readonly status: CampaignStatus;
  /** aggregateVersion of the last event applied: the next one must be exactly one more. */
  readonly version: number;
  /** When the campaign entered `status`; the time spent in it is added when it leaves. */
  readonly statusSince: string;
  readonly createdAt: string;
  /** When it was last scheduled. */
  readonly scheduledAt: string | null;
  /** The schedule as last set (on creation, update or scheduling). */
  readonly plannedStartAt: string | null;
  readonly plannedEndAt: string | null;
  readonly firstActivatedAt: string | null;
  readonly finishedAt: string | null;
  readonly cancelledAt: string | null;
  readonly deletedAt: string | null;
  /** Closed periods only: a period still running is added by the reader up to its own clock. */
  readonly activeMs: number;
  readonly pausedMs: number;
  readonly pauses: number;
  readonly salesCount: number;
  readonly salesAmount: string;
  readonly engagement: number;
  readonly budgetSpent: string;
  readonly lastEventAt: string;
}

/** The envelope fields the projection reads. */
export interface CampaignEventInput {
  readonly eventType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly brandId: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type Evolution =
  | { readonly outcome: 'applied'; readonly state: CampaignStats }
  /** A version already applied: a redelivery or a re-publication. */
  | { readonly outcome: 'duplicate' }
  /** An earlier version is missing: applying this one now would misplace it. */
  | { readonly outcome: 'gap'; readonly expected: number };

type Data = Readonly<Record<string, unknown>>;

function field(data: Data, name: string): unknown {
  if (!(name in data)) throw new Error(`event data has no ${name}`);
  return data[name];
}

function text(data: Data, name: string): string {
  const value = field(data, name);
  if (typeof value !== 'string') throw new Error(`event data ${name} is not a string`);
  return value;
}

function count(data: Data, name: string): number {
  const value = field(data, name);
  if (!Number.isSafeInteger(value)) throw new Error(`event data ${name} is not an integer`);
  return value as number;
}

function object(data: Data, name: string): Data {
  const value = field(data, name);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`event data ${name} is not an object`);
  return value as Data;
}

function status(data: Data, name: string): CampaignStatus {
  const value = text(data, name);
  if (!(CAMPAIGN_STATUSES as readonly string[]).includes(value)) throw new Error(`event data ${name} is not a campaign status: ${value}`);
  return value as CampaignStatus;
}

/** `{startAt, endAt}` or null, as CampaignCreated, CampaignUpdated and CampaignScheduled (v2) carry it. */
function plan(schedule: unknown): Pick<CampaignStats, 'plannedStartAt' | 'plannedEndAt'> {
  if (schedule === null) return { plannedStartAt: null, plannedEndAt: null };
  const { startAt, endAt } = schedule as { startAt?: unknown; endAt?: unknown };
  if (typeof startAt !== 'string' || (endAt !== null && typeof endAt !== 'string')) throw new Error('event data schedule is not {startAt, endAt}');
  return { plannedStartAt: startAt, plannedEndAt: endAt };
}

function businessMetrics(metrics: Data): Pick<CampaignStats, 'salesCount' | 'salesAmount' | 'engagement' | 'budgetSpent'> {
  return {
    salesCount: count(metrics, 'salesCount'),
    salesAmount: text(metrics, 'salesAmount'),
    engagement: count(metrics, 'engagement'),
    budgetSpent: text(metrics, 'budgetSpent'),
  };
}

/**
 * Moves to `next` at `at`, adding the time spent in the status it leaves. Events of one campaign
 * may be stamped by different processes whose clocks disagree slightly: a period never counts
 * negative.
 */
function enter(state: CampaignStats, next: CampaignStatus, at: string): CampaignStats {
  const spent = Math.max(0, Date.parse(at) - Date.parse(state.statusSince));
  return {
    ...state,
    status: next,
    statusSince: at,
    activeMs: state.activeMs + (state.status === 'active' ? spent : 0),
    pausedMs: state.pausedMs + (state.status === 'paused' ? spent : 0),
  };
}

function created(event: CampaignEventInput): CampaignStats {
  const at = event.occurredAt;
  return {
    campaignId: event.aggregateId,
    brandId: event.brandId,
    status: status(event.data, 'status'),
    version: event.aggregateVersion,
    statusSince: at,
    createdAt: at,
    scheduledAt: null,
    ...plan(field(event.data, 'schedule')),
    firstActivatedAt: null,
    finishedAt: null,
    cancelledAt: null,
    deletedAt: null,
    activeMs: 0,
    pausedMs: 0,
    pauses: 0,
    ...businessMetrics(object(event.data, 'metrics')),
    lastEventAt: at,
  };
}

/** What each event type changes; types not listed (audience changes, future types) change nothing here. */
const EVOLVE: Readonly<Record<string, (state: CampaignStats, at: string, data: Data) => CampaignStats>> = {
  CampaignUpdated: (state, _at, data) => {
    const changes = object(data, 'changes');
    return 'schedule' in changes ? { ...state, ...plan(changes.schedule) } : state;
  },
  CampaignScheduled: (state, at, data) => ({ ...enter(state, 'scheduled', at), scheduledAt: at, ...plan(object(data, 'schedule')) }),
  CampaignActivated: (state, at) => ({ ...enter(state, 'active', at), firstActivatedAt: state.firstActivatedAt ?? at }),
  CampaignPaused: (state, at) => ({ ...enter(state, 'paused', at), pauses: state.pauses + 1 }),
  CampaignResumed: (state, at) => enter(state, 'active', at),
  CampaignFinished: (state, at) => ({ ...enter(state, 'finished', at), finishedAt: at }),
  CampaignCancelled: (state, at) => ({ ...enter(state, 'cancelled', at), cancelledAt: at }),
  CampaignDeleted: (state, at) => ({ ...state, deletedAt: at }),
  CampaignMetricsUpdated: (state, _at, data) => ({ ...state, ...businessMetrics(object(data, 'metrics')) }),
};

/** Folds one event into its campaign's statistics (undefined before the campaign's first event). */
export function evolveCampaignStats(state: CampaignStats | undefined, event: CampaignEventInput): Evolution {
  const applied = state?.version ?? 0;
  if (event.aggregateVersion <= applied) return { outcome: 'duplicate' };
  if (event.aggregateVersion !== applied + 1) return { outcome: 'gap', expected: applied + 1 };
  if (!state) {
    if (event.eventType !== 'CampaignCreated') throw new Error(`a campaign's first event must be CampaignCreated, not ${event.eventType}`);
    return { outcome: 'applied', state: created(event) };
  }
  const evolve = EVOLVE[event.eventType];
  const next = evolve ? evolve(state, event.occurredAt, event.data) : state;
  return { outcome: 'applied', state: { ...next, version: event.aggregateVersion, lastEventAt: event.occurredAt } };
}

/** Time spent active and paused up to `asOf`, the period still running included. */
export function durationsAt(stats: CampaignStats, asOf: Date): { activeMs: number; pausedMs: number } {
  const running = Math.max(0, asOf.getTime() - Date.parse(stats.statusSince));
  return {
    activeMs: stats.activeMs + (stats.status === 'active' ? running : 0),
    pausedMs: stats.pausedMs + (stats.status === 'paused' ? running : 0),
  };
}
