import type { Response } from 'express';
import type { FieldError } from '../domain/index.js';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** An error raised by the HTTP layer itself (auth, media type, preconditions on headers). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

/** Problem type URI for a slug; stable identifiers clients can switch on. */
export function problemType(slug: string): string {
  return `urn:problem-type:campaign-service:${slug}`;
}

/** Writes a problem+json response. */
export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res.status(problem.status).set(headers).type('application/problem+json').send(JSON.stringify(problem));
}
