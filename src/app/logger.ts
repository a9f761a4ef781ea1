import { pino, type Logger } from 'pino';

/** Structured JSON logs; secrets and bodies are never fields, and headers are redacted if ever logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'campaign-service' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.password', '*.token'],
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
