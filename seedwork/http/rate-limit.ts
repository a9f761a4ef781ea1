import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Actor } from '../application/index.js';
import { HttpError } from './problem.js';

/**
 * At most `perMinute` API requests per caller (the token's `sub`) in a sliding one-minute window;
 * beyond it 429 problem+json with `Retry-After` and the `RateLimit` headers (IETF draft 8), so a
 * runaway script of one user cannot starve the others. Goes after authentication: callers are
 * identified by who they are, not by an IP shared behind a proxy. 0 turns it off.
 *
 * The counters live in this process's memory (express-rate-limit's store): with N API processes
 * behind a balancer a caller gets up to N × the limit, a bound, not a quota. Exact shared quotas
 * would cost a database round trip on every request.
 */
export function rateLimitPerCaller(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `sub:${(res.locals.actor as Actor).sub}`,
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'rate-limited', 'Too many requests', `More than ${perMinute} requests a minute from this caller: retry after the number of seconds in Retry-After`));
    },
  });
}
