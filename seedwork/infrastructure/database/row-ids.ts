import { newId } from '../../domain/index.js';

/**
 * Ids for the rows of one set-based INSERT, time-ordered like newId()'s UUIDv7s. Each statement
 * gets a fresh prefix from newId() — its 48-bit millisecond timestamp, version and variant bits and
 * 42 random bits — and each row appends a 32-bit counter in the low bits: a UUIDv7 with a dedicated
 * counter (RFC 9562, 6.2 method 1). A statement's rows are therefore consecutive in the primary-key
 * (and event-id) B-tree instead of scattered like gen_random_uuid()'s, and cost no random bytes.
 * Distinct statements differ in their random bits; a statement may number up to 2^32 rows.
 */
export function rowIdPrefix(): string {
  return newId().replaceAll('-', '').slice(0, 24);
}

/** SQL for the id of row number `counter` (1, 2, …: e.g. `row_number() OVER ()`) under the prefix in `prefixParam`. */
export function rowIdSql(prefixParam: string, counter: string): string {
  return `(${prefixParam}::text || lpad(to_hex(${counter}), 8, '0'))::uuid`;
}
