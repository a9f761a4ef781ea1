import type { RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Actor, ExecutionContext } from '../application/index.js';

const CORRELATION_HEADER = 'x-correlation-id';
const VALID_CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's X-Correlation-Id (or makes one), echoes it, and keeps it for logs and events. */
export const correlationId: RequestHandler = (req, res, next) => {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && VALID_CORRELATION.test(given) ? given : randomUUID();
  res.locals.correlationId = id;
  res.setHeader('X-Correlation-Id', id);
  next();
};

/** The authenticated caller of this request. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('actorOf() used on a route without authentication');
  return actor;
}

/** The execution context commands carry into the event log. */
export function contextOf(res: Response): ExecutionContext {
  return { actor: actorOf(res), correlationId: res.locals.correlationId as string };
}
