import type { Clock } from '../../seedwork/domain/index.js';

/** The operating system's clock: the only place business time is read from it. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
