import { characters, ValidationError } from '../../../../seedwork/domain/index.js';

export const MAX_TAGS = 50;
export const MAX_TAG_CHARACTERS = 50;
/** `;` separates tags in CSV files, so a tag holding one could not survive an export and re-import. */
const FORBIDDEN = /[;\p{Cc}]/u;

function tag(value: unknown, position: number, field: string): string {
  const where = `${field}[${position}]`;
  if (typeof value !== 'string') throw ValidationError.single(field, `${where} must be a string`);
  const trimmed = value.trim();
  if (trimmed === '') throw ValidationError.single(field, `${where} must not be blank`);
  if (characters(trimmed) > MAX_TAG_CHARACTERS) throw ValidationError.single(field, `${where} must have at most ${MAX_TAG_CHARACTERS} characters`);
  if (FORBIDDEN.test(trimmed)) throw ValidationError.single(field, `${where} must not contain ';' or control characters`);
  return trimmed;
}

/**
 * Normalises tags: each trimmed, duplicates dropped (first occurrence kept, case preserved, so
 * segment filters match what the client wrote), at most MAX_TAGS. One error names the first bad tag.
 */
export function normaliseTags(raw: unknown, field = 'tags'): string[] {
  if (!Array.isArray(raw)) throw ValidationError.single(field, 'must be an array of strings');
  const unique = [...new Set((raw as unknown[]).map((value, i) => tag(value, i, field)))];
  if (unique.length > MAX_TAGS) throw ValidationError.single(field, `must have at most ${MAX_TAGS} distinct tags`);
  return unique;
}
