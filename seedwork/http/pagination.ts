import { FieldErrorCollector, oneOf, ValidationError } from '../domain/index.js';
import { queryErrors } from './validation.js';

/** `?limit=` as API.md defines it: 1..500, default 50. */
export function parseLimit(value: unknown): number {
  if (value === undefined) return 50;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 500) throw ValidationError.single('limit', 'must be an integer from 1 to 500');
  return n;
}

/** Opaque cursor: the sort key of the last item served, base64url JSON. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a tampered or foreign cursor is a 400. */
export function decodeCursor<T extends Record<string, unknown>>(value: unknown, isValid: (key: Record<string, unknown>) => key is T): T | undefined {
  if (value === undefined) return undefined;
  try {
    const key = typeof value === 'string' ? JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) : undefined;
    if (key && typeof key === 'object' && isValid(key)) return key;
  } catch {
    // fall through to the validation error
  }
  throw ValidationError.single('cursor', 'is not a cursor this list returned');
}

/** The list envelope of API.md. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The query of a list filtered by status only (`?status=…&limit=…&cursor=…`), every bad parameter reported at once. */
export function statusListQuery<S extends string, C extends Record<string, unknown>>(
  query: Record<string, unknown>,
  statuses: readonly S[],
  isCursor: (key: Record<string, unknown>) => key is C,
): { status?: S; limit: number; after?: C } {
  const errors = new FieldErrorCollector();
  for (const error of queryErrors(query, ['status', 'limit', 'cursor'])) errors.add(error.field, error.message);
  // A repeated parameter is already reported by queryErrors.
  const single = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const given = single('status');
  const status = given === undefined ? undefined : errors.check(() => oneOf(statuses, given, 'status'));
  const limit = errors.check(() => parseLimit(single('limit')));
  const after = errors.check(() => decodeCursor(single('cursor'), isCursor));
  errors.throwIfAny();
  return { ...(status !== undefined && { status }), limit: limit!, ...(after && { after }) };
}
