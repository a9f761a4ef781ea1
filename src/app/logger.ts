import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs; secrets and bodies are never fields, and headers are redacted if ever
 * logged. Lines are buffered and written asynchronously: a synchronous write per request line
 * was the largest single cost of the read path under load. `flushLogs` runs at shutdown.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'campaign-service' },
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.password', '*.token'],
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}

/** Writes out buffered log lines (before exit). */
export function flushLogs(logger: Logger): void {
  logger.flush();
}
