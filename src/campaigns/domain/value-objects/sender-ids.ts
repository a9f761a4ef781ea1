import { isUuid, ValidationError } from '../../../../seedwork/domain/index.js';

/** More would not spread load any better and makes every claim carry a long list. */
export const MAX_SENDER_IDS = 50;

/**
 * The senders a campaign is restricted to. Only the shape is checked here: whether each id is an
 * active sender of the campaign's brand on its channel is decided when deliveries are sent, so a
 * sender disabled or deleted later, or one of another brand, is simply never used. Ids come back
 * lower-cased and sorted: the list is a set, and equal sets must compare equal for change detection.
 */
export function senderIdList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw ValidationError.single(field, 'must list at least one sender id (null: every sender of the brand on the channel)');
  }
  const list: readonly unknown[] = value;
  if (list.length > MAX_SENDER_IDS) throw ValidationError.single(field, `must list at most ${MAX_SENDER_IDS} sender ids`);
  if (!list.every((id) => typeof id === 'string' && isUuid(id))) throw ValidationError.single(field, 'must contain only sender ids (UUIDs)');
  const ids = (list as string[]).map((id) => id.toLowerCase());
  if (new Set(ids).size !== ids.length) throw ValidationError.single(field, 'must not repeat a sender id');
  return ids.sort();
}
