import { isUuid, ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import { queryErrors } from '../../../seedwork/http/index.js';
import { audiencePriority } from '../domain/value-objects/audience-priority.js';
import { AUDIENCE_MEMBER_STATUSES, type AudienceMemberStatus, type AudienceSource } from '../application/campaign-audience.js';
import type { AddAudienceDto } from './campaign-audience.dto.js';

export const MAX_LEAD_IDS = 10_000;
const SOURCES = ['leadIds', 'segmentId', 'criteria'] as const;
/** A predefined segment's id (`engaged`); saved segments are UUIDs. */
const PREDEFINED_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** The validated body of `POST /campaigns/{id}/audience`; every bad field is reported at once. */
export function audienceRequest(dto: AddAudienceDto): { source: AudienceSource; priority?: number } {
  const errors: FieldError[] = [];
  const given = SOURCES.filter((name) => dto[name] !== undefined);
  if (given.length === 0) errors.push({ field: 'body', message: 'must give one source: leadIds, segmentId or criteria' });
  for (const extra of given.slice(1)) errors.push({ field: extra, message: `cannot be combined with ${given[0]}: give exactly one source` });
  if (dto.leadIds !== undefined) {
    if (dto.leadIds.length === 0 || dto.leadIds.length > MAX_LEAD_IDS) errors.push({ field: 'leadIds', message: `must hold 1 to ${MAX_LEAD_IDS} lead ids` });
    dto.leadIds.forEach((id, i) => {
      if (typeof id !== 'string' || !isUuid(id)) errors.push({ field: `leadIds[${i}]`, message: 'must be a lead id (UUID)' });
    });
  }
  if (dto.segmentId !== undefined && !isUuid(dto.segmentId) && !PREDEFINED_ID.test(dto.segmentId)) {
    errors.push({ field: 'segmentId', message: 'must be a saved segment id (UUID) or a predefined segment id such as engaged' });
  }
  try {
    audiencePriority(dto.priority);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors.push(...error.errors);
  }
  if (errors.length) throw new ValidationError(errors);
  const source: AudienceSource =
    dto.leadIds !== undefined ? { kind: 'leadIds', leadIds: dto.leadIds as string[] }
      : dto.segmentId !== undefined ? { kind: 'segment', segmentId: dto.segmentId }
      : { kind: 'criteria', criteria: dto.criteria };
  return { source, ...(dto.priority !== undefined && { priority: dto.priority }) };
}

const LIST_QUERY = ['status', 'limit', 'cursor'];

/** `GET /campaigns/{id}/audience` query string → status filter; every bad parameter is reported. */
export function audienceStatusFilter(query: Record<string, unknown>): AudienceMemberStatus | undefined {
  const errors = queryErrors(query, LIST_QUERY);
  const status = query.status;
  if (typeof status === 'string' && !(AUDIENCE_MEMBER_STATUSES as readonly string[]).includes(status)) {
    errors.push({ field: 'status', message: `must be one of ${AUDIENCE_MEMBER_STATUSES.join(', ')}` });
  }
  if (errors.length) throw new ValidationError(errors);
  return status as AudienceMemberStatus | undefined;
}
