import { FieldErrorCollector, isUuid, ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import { decodeCursor, parseLimit } from '../../../seedwork/http/index.js';
import { LEAD_STAGES } from '../domain/lead-state.js';
import type { CreateLeadInput, LeadChanges } from '../domain/lead.js';
import { parseCountryCode, type CountryCode } from '../domain/value-objects/phone.js';
import type { ScoreChange } from '../domain/value-objects/score.js';
import type { LeadCursor, LeadListFilter } from '../application/lead-read-model.js';
import type { ChangeScoreDto, CreateLeadDto, UpdateLeadDto } from './lead.dto.js';

// Validated DTOs and query strings → the domain's input types (ISO strings become Dates; absent stays absent).

type Query = Record<string, unknown>;

/**
 * `defaultCountry` from the body or the query string (`?defaultCountry=CO`, as the CSV import
 * takes it); both may be sent only when they agree.
 */
function defaultCountryOf(fromBody: string | undefined, query: Query): CountryCode | undefined {
  const errors: FieldError[] = Object.keys(query)
    .filter((name) => name !== 'defaultCountry')
    .map((name) => ({ field: name, message: 'is not a known query parameter' }));
  const fromQuery = query.defaultCountry;
  if (fromQuery !== undefined && typeof fromQuery !== 'string') errors.push({ field: 'defaultCountry', message: 'must be given once' });
  if (errors.length) throw new ValidationError(errors);
  const given = [fromBody, fromQuery as string | undefined].filter((c) => c !== undefined).map((c) => parseCountryCode(c));
  if (new Set(given).size > 1) throw ValidationError.single('defaultCountry', 'differs between the body and the query string');
  return given[0];
}

function contactInput(dto: UpdateLeadDto): LeadChanges {
  const { defaultCountry: _notALeadField, nextActionAt, ...fields } = dto;
  const entries = Object.entries({ ...fields, nextActionAt: typeof nextActionAt === 'string' ? new Date(nextActionAt) : nextActionAt });
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as LeadChanges;
}

export function createRequest(dto: CreateLeadDto, query: Query): { input: CreateLeadInput; defaultCountry?: CountryCode } {
  return { input: contactInput(dto) as CreateLeadInput, defaultCountry: defaultCountryOf(dto.defaultCountry, query) };
}

export function updateRequest(dto: UpdateLeadDto, query: Query): { changes: LeadChanges; defaultCountry?: CountryCode } {
  return { changes: contactInput(dto), defaultCountry: defaultCountryOf(dto.defaultCountry, query) };
}

export function scoreChange(dto: ChangeScoreDto): ScoreChange {
  if (dto.score !== undefined && dto.delta !== undefined) throw ValidationError.single('delta', 'cannot be sent together with score');
  if (dto.score !== undefined) return { score: dto.score };
  if (dto.delta !== undefined) return { delta: dto.delta };
  throw ValidationError.single('score', 'send either score (0..100) or delta');
}

const KNOWN_QUERY = new Set(['brandId', 'stage', 'tag', 'assignedTo', 'q', 'limit', 'cursor']);
/** GitHub's `assignee=none`: the leads nobody follows up. */
const UNASSIGNED = 'none';

const isLeadCursor = (k: Record<string, unknown>): k is LeadCursor & Record<string, unknown> =>
  typeof k.createdAt === 'string' && !Number.isNaN(Date.parse(k.createdAt)) && typeof k.id === 'string' && isUuid(k.id);

/** `GET /leads` query string → filter and page; every bad parameter is reported, each once. */
export function listQuery(query: Query): { filter: LeadListFilter; limit: number; after?: LeadCursor } {
  const errors = new FieldErrorCollector();
  const filter = errors.check(() => listFilter(query));
  // A repeated limit or cursor is already reported as such by listFilter.
  const single = (name: string) => (Array.isArray(query[name]) ? undefined : query[name]);
  const limit = errors.check(() => parseLimit(single('limit')));
  const after = errors.check(() => decodeCursor(single('cursor'), isLeadCursor));
  errors.throwIfAny();
  return { filter: filter!, limit: limit!, ...(after && { after }) };
}

function listFilter(query: Query): LeadListFilter {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!KNOWN_QUERY.has(name)) errors.push({ field: name, message: 'is not a known query parameter' });
    else if (typeof value !== 'string') errors.push({ field: name, message: 'must be given once' });
  }
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (typeof value !== 'string') return undefined;
    if (value.length === 0 || value.length > 200) errors.push({ field: name, message: 'must be 1 to 200 characters' });
    return value;
  };
  const filter: LeadListFilter = {};
  const brandId = text('brandId');
  const tag = text('tag');
  const q = text('q');
  const assignedTo = text('assignedTo');
  if (brandId !== undefined) filter.brandId = brandId;
  if (tag !== undefined) filter.tag = tag.trim();
  if (q !== undefined) filter.q = q;
  if (assignedTo !== undefined) filter.assignedTo = assignedTo === UNASSIGNED ? null : assignedTo;
  if (typeof query.stage === 'string') {
    if ((LEAD_STAGES as readonly string[]).includes(query.stage)) filter.stage = query.stage as LeadListFilter['stage'];
    else errors.push({ field: 'stage', message: `must be one of ${LEAD_STAGES.join(', ')}` });
  }
  if (errors.length) throw new ValidationError(errors);
  return filter;
}
