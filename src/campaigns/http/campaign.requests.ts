import { ValidationError } from '../../../seedwork/domain/index.js';
import { queryErrors } from '../../../seedwork/http/index.js';
import { CAMPAIGN_CHANNELS, CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES, CAMPAIGN_TYPES } from '../domain/campaign-state.js';
import type { CampaignChanges, CreateCampaignInput } from '../domain/campaign.js';
import type { MetricsChange, MetricUpdate } from '../domain/value-objects/campaign-metrics.js';
import { checkCampaignSettings } from '../domain/value-objects/campaign-settings.js';
import type { CampaignListFilter } from '../application/campaign-read-model.js';
import type { CreateCampaignDto, MetricInput, ReportMetricsDto, ScheduleDto, UpdateCampaignDto } from './campaign.dto.js';

// Validated DTOs → the domain's input types (ISO strings become Dates; absent stays absent).

function schedule(dto: ScheduleDto | null | undefined) {
  if (dto === undefined || dto === null) return dto;
  return { startAt: new Date(dto.startAt), endAt: dto.endAt ? new Date(dto.endAt) : null };
}

function fields(dto: UpdateCampaignDto): CampaignChanges {
  const entries = Object.entries({ ...dto, schedule: schedule(dto.schedule) }).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries) as CampaignChanges;
}

/** The domain's value rules over a body whose shape is partly wrong (see parseBodyReportingAll). */
export function checkValues(wellShaped: Record<string, unknown>, now: Date): void {
  const { brandId: _brand, ...settings } = wellShaped;
  const safeSchedule = (v: unknown) => (typeof v === 'object' && v !== null ? schedule(v as ScheduleDto) : v);
  checkCampaignSettings({ ...settings, ...(settings.schedule !== undefined && { schedule: safeSchedule(settings.schedule) }) } as CampaignChanges, now);
}

export function createInput(dto: CreateCampaignDto): CreateCampaignInput {
  return { ...fields(dto), brandId: dto.brandId } as CreateCampaignInput;
}

export function updateChanges(dto: UpdateCampaignDto): CampaignChanges {
  return fields(dto);
}

function metric<T>(input: MetricInput<T> | undefined): MetricUpdate<T> | undefined {
  if (input === undefined) return undefined;
  return typeof input === 'object' && input !== null && 'increment' in input ? { increment: input.increment } : { set: input as T };
}

export function metricsChange(dto: ReportMetricsDto): MetricsChange {
  const change = {
    salesCount: metric(dto.salesCount),
    salesAmount: metric(dto.salesAmount),
    engagement: metric(dto.engagement),
    budgetSpent: metric(dto.budgetSpent),
  };
  const present = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(present).length === 0) throw ValidationError.single('body', 'report at least one of salesCount, salesAmount, engagement, budgetSpent');
  return present as MetricsChange;
}

const FILTERS = {
  status: CAMPAIGN_STATUSES,
  type: CAMPAIGN_TYPES,
  objective: CAMPAIGN_OBJECTIVES,
  channel: CAMPAIGN_CHANNELS,
} as const;
const LIST_QUERY = ['brandId', 'status', 'type', 'objective', 'channel', 'active', 'q', 'limit', 'cursor'];

/** `GET /campaigns` query string → filter; every bad parameter is reported. */
export function listFilter(query: Record<string, unknown>): CampaignListFilter {
  const errors = queryErrors(query, LIST_QUERY);
  const filter: Record<string, string> = {};
  for (const [name, allowed] of Object.entries(FILTERS)) {
    const value = query[name];
    if (typeof value !== 'string') continue;
    if (!(allowed as readonly string[]).includes(value)) errors.push({ field: name, message: `must be one of ${allowed.join(', ')}` });
    else filter[name] = value;
  }
  if (typeof query.brandId === 'string') filter.brandId = query.brandId;
  if (typeof query.q === 'string') {
    if (query.q.length === 0 || query.q.length > 200) errors.push({ field: 'q', message: 'must be 1 to 200 characters' });
    else filter.q = query.q;
  }
  if (query.active !== undefined) {
    if (query.active !== 'true' && query.active !== 'false') errors.push({ field: 'active', message: 'must be true or false' });
    // active=true is status=active; active=false narrows nothing further than the other filters.
    else if (query.active === 'true') {
      if (filter.status !== undefined && filter.status !== 'active') errors.push({ field: 'active', message: 'contradicts the status filter' });
      filter.status = 'active';
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return filter as CampaignListFilter;
}
