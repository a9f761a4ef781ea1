import type { Request } from 'express';

/** `ETag: "<version>"` as API.md defines it. */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header expects, or undefined when absent or `*`. An entity tag that
 * is not one of ours can never match, so it yields -1 and the write answers 412; so does a weak
 * tag, because If-Match uses strong comparison (RFC 9110 §13.1.1).
 */
export function expectedVersion(req: Request): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = header.trim().match(/^"(\d{1,9})"$/);
  return match ? Number(match[1]) : -1;
}
