import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One structured line per response: method, url, status, duration and the correlation id; never
 * headers or bodies. Written by hand instead of pino-http, whose child logger per request was a
 * measurable share of the API's CPU under load (`npm run bench`).
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({
        correlationId: res.locals.correlationId,
        req: { method: req.method, url: req.originalUrl },
        res: { statusCode: status },
        responseTime: Number(process.hrtime.bigint() - started) / 1e6,
      }, 'request completed');
    });
    next();
  };
}
