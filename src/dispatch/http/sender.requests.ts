import { FieldErrorCollector, isUuid, oneOf } from '../../../seedwork/domain/index.js';
import { decodeCursor, parseLimit, queryErrors } from '../../../seedwork/http/index.js';
import type { SenderCursor, SenderListFilter } from '../application/sender-read-model.js';
import type { CreateSenderInput, SenderChanges } from '../domain/sender.js';
import {
  dailyCap, ratePerSecond, senderAddress, senderBrandId, senderChannel, senderProvider, senderStatus,
} from '../domain/sender-rules.js';
import { SENDER_CHANNELS, SENDER_PROVIDERS, SENDER_STATUSES } from '../domain/sender-state.js';
import type { CreateSenderDto, UpdateSenderDto } from './sender.dto.js';

// Validated DTOs and query strings → the domain's input types (absent stays absent).

/** The domain's rules over the well-shaped fields of a create body (see parseBodyReportingAll). */
export function checkCreateValues(wellShaped: Record<string, unknown>): void {
  const errors = new FieldErrorCollector();
  if (wellShaped.brandId !== undefined) errors.check(() => senderBrandId(wellShaped.brandId));
  const channel = wellShaped.channel === undefined ? undefined : errors.check(() => senderChannel(wellShaped.channel));
  if (channel && wellShaped.provider !== undefined) errors.check(() => senderProvider(wellShaped.provider, channel));
  if (channel && wellShaped.address !== undefined) errors.check(() => senderAddress(wellShaped.address, channel));
  if (wellShaped.ratePerSecond !== undefined) errors.check(() => ratePerSecond(wellShaped.ratePerSecond));
  if (wellShaped.dailyCap !== undefined) errors.check(() => dailyCap(wellShaped.dailyCap));
  errors.throwIfAny();
}

/**
 * The same over a PATCH body, for the rules that do not depend on the stored channel; provider
 * and address are judged against it by the aggregate.
 */
export function checkUpdateValues(wellShaped: Record<string, unknown>): void {
  const errors = new FieldErrorCollector();
  if (wellShaped.provider !== undefined) errors.check(() => oneOf(SENDER_PROVIDERS, wellShaped.provider, 'provider'));
  if (wellShaped.ratePerSecond !== undefined) errors.check(() => ratePerSecond(wellShaped.ratePerSecond));
  if (wellShaped.dailyCap !== undefined) errors.check(() => dailyCap(wellShaped.dailyCap));
  if (wellShaped.status !== undefined) errors.check(() => senderStatus(wellShaped.status));
  errors.throwIfAny();
}

export function createInput(dto: CreateSenderDto): CreateSenderInput {
  return { ...dto };
}

export function updateChanges(dto: UpdateSenderDto): SenderChanges {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as SenderChanges;
}

const LIST_QUERY = ['brandId', 'channel', 'provider', 'status', 'limit', 'cursor'];

const isSenderCursor = (k: Record<string, unknown>): k is SenderCursor & Record<string, unknown> =>
  typeof k.createdAt === 'string' && !Number.isNaN(Date.parse(k.createdAt)) && typeof k.id === 'string' && isUuid(k.id);

/** `GET /senders` query string → filter and page; every bad parameter is reported, each once. */
export function listQuery(query: Record<string, unknown>): { filter: SenderListFilter; limit: number; after?: SenderCursor } {
  const errors = new FieldErrorCollector();
  for (const error of queryErrors(query, LIST_QUERY)) errors.add(error.field, error.message);
  // A repeated parameter is already reported by queryErrors.
  const single = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const filter: SenderListFilter = {};
  const brandId = single('brandId');
  if (brandId !== undefined) filter.brandId = brandId;
  const channel = single('channel');
  if (channel !== undefined) filter.channel = errors.check(() => oneOf(SENDER_CHANNELS, channel, 'channel'));
  const provider = single('provider');
  if (provider !== undefined) filter.provider = errors.check(() => oneOf(SENDER_PROVIDERS, provider, 'provider'));
  const status = single('status');
  if (status !== undefined) filter.status = errors.check(() => oneOf(SENDER_STATUSES, status, 'status'));
  const limit = errors.check(() => parseLimit(single('limit')));
  const after = errors.check(() => decodeCursor(single('cursor'), isSenderCursor));
  errors.throwIfAny();
  return { filter, limit: limit!, ...(after && { after }) };
}
