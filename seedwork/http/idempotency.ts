import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { UnitOfWork } from '../application/index.js';
import type { IdempotencyStore } from '../infrastructure/idempotency-store.js';
import { HttpError } from './problem.js';
import { contextOf } from './request-context.js';
import { send, type RouteFn } from './route.js';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Wraps a POST route so the same `Idempotency-Key` and body within 24 h answers the first
 * response again and does nothing twice. The key, the command's state change and its events
 * commit in ONE transaction (the command's unit of work joins this one), so a crash can never
 * leave a key recorded without its effect, or an effect without its key.
 */
export function idempotent(uow: UnitOfWork, store: IdempotencyStore, fn: RouteFn): RequestHandler {
  return async (req, res) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined) return send(res, await fn(req, res));
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      throw new HttpError(400, 'invalid-idempotency-key', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const context = contextOf(res);
    const requestHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const result = await uow.run(context, async () => {
      const previous = await store.claim(context.actor.sub, key, requestHash);
      if (previous) {
        if (previous.requestHash !== requestHash) {
          throw new HttpError(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was already used with a different request');
        }
        return { status: previous.status, body: previous.body ?? undefined, headers: { ...previous.headers, 'Idempotent-Replayed': 'true' } };
      }
      const fresh = await fn(req, res);
      await store.complete(context.actor.sub, key, { status: fresh.status, body: fresh.body, headers: fresh.headers ?? {} });
      return fresh;
    });
    send(res, result);
  };
}
