import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../domain/index.js';
import { HttpError, problemType, sendProblem, type Problem } from './problem.js';

const DOMAIN_STATUS: Record<DomainError['kind'], { status: number; slug: string; title: string }> = {
  validation: { status: 400, slug: 'validation-error', title: 'Validation failed' },
  not_found: { status: 404, slug: 'not-found', title: 'Not found' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflict with the current state' },
  precondition: { status: 412, slug: 'precondition-failed', title: 'Precondition failed' },
  forbidden: { status: 403, slug: 'forbidden', title: 'Forbidden' },
  // Only reaches the client when retries were exhausted under heavy contention.
  concurrency: { status: 409, slug: 'concurrent-modification', title: 'Concurrent modification' },
};

/** body-parser's error types, mapped to what the client did wrong. */
const PARSER_ERRORS: Record<string, { status: number; slug: string; title: string; detail: string }> = {
  'entity.parse.failed': { status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, slug: 'payload-too-large', title: 'Payload too large', detail: 'The request body exceeds the size limit' },
  'encoding.unsupported': { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Unsupported charset' },
};

/** The one place where errors become HTTP answers; internals never leave the server. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let problem: Problem;
    let headers: Record<string, string> = {};
    if (error instanceof HttpError) {
      problem = { type: problemType(error.slug), title: error.title, status: error.status, detail: error.message, ...(error.errors && { errors: error.errors }) };
      headers = error.headers;
    } else if (error instanceof DomainError) {
      const m = DOMAIN_STATUS[error.kind];
      problem = { type: problemType(m.slug), title: m.title, status: m.status, detail: error.message };
      if ('errors' in error) problem.errors = (error as { errors: Problem['errors'] }).errors;
    } else if (typeof error?.type === 'string' && PARSER_ERRORS[error.type]) {
      const m = PARSER_ERRORS[error.type]!;
      problem = { type: problemType(m.slug), title: m.title, status: m.status, detail: m.detail };
    } else {
      logger.error({ err: error, correlationId: res.locals.correlationId, method: req.method, path: req.path }, 'unhandled error');
      problem = { type: problemType('internal-error'), title: 'Internal server error', status: 500, detail: 'An unexpected error occurred; it has been logged' };
    }
    if (res.headersSent) return;
    sendProblem(res, problem, headers);
  };
}
