import type { Logger } from 'pino';
import { IdempotencyStore } from '../../seedwork/infrastructure/idempotency-store.js';
import { CampaignScheduler } from '../campaigns/index.js';
import type { AppContainer } from './container.js';
import type { Config } from './config.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Runs `task` every `intervalMs` (never overlapping itself) until stopped. */
function every(intervalMs: number, task: () => Promise<void>): RunningWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = task().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  timer = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The worker role: the campaign scheduler and housekeeping. */
export function startWorker(app: AppContainer, config: Config, logger: Logger): RunningWorker {
  const scheduler = app.container.get(CampaignScheduler);
  const idempotency = app.container.get(IdempotencyStore);
  const loops = [
    every(config.schedulerIntervalMs, async () => {
      try {
        const tick = await scheduler.tick();
        if (tick.activated || tick.finished) logger.info(tick, 'scheduler applied due transitions');
      } catch (err) {
        logger.error({ err }, 'scheduler tick failed; retrying next interval');
      }
    }),
    every(PURGE_EVERY_MS, async () => {
      try {
        const purged = await idempotency.purgeExpired();
        if (purged) logger.info({ purged }, 'purged expired idempotency keys');
      } catch (err) {
        logger.error({ err }, 'idempotency purge failed');
      }
    }),
  ];
  logger.info({ intervalMs: config.schedulerIntervalMs }, 'worker started (campaign scheduler)');
  return { stop: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}
