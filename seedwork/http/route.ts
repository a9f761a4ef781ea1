import type { Request, RequestHandler, Response } from 'express';

/** What a route answers; returned rather than written so wrappers (idempotency) can record it. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteFn = (req: Request, res: Response) => Promise<HttpResult>;

/** Adapts a RouteFn to Express; errors flow to the error handler (Express 5 awaits the promise). */
export function route(fn: RouteFn): RequestHandler {
  return async (req, res) => {
    send(res, await fn(req, res));
  };
}

/** Writes an HttpResult. */
export function send(res: Response, result: HttpResult): void {
  res.status(result.status);
  if (result.headers) res.set(result.headers);
  if (result.body === undefined) res.end();
  else res.json(result.body);
}
