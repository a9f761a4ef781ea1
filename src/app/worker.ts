import type { Logger } from 'pino';
import { createMessageTransport, OutboxRelay } from '../../seedwork/infrastructure/messaging/index.js';
import { IdempotencyStore } from '../../seedwork/infrastructure/idempotency-store.js';
import { UNIT_OF_WORK, type UnitOfWork } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { CampaignScheduler } from '../campaigns/index.js';
import { startProjections } from '../reporting/index.js';
import { startDispatch } from '../dispatch/delivery-queue.module.js';
import { startProviderCallbackProcessing } from '../dispatch/index.js';
import { dispatchSettingsFromEnv } from '../dispatch/dispatch-config.js';
import { eventUpcasters } from './event-upcasters.js';
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

/** Publishes the event log to Pulsar when a broker is configured. */
async function startRelay(config: Config, databaseUrl: string, logger: Logger): Promise<RunningWorker | undefined> {
  if (!config.pulsar) {
    logger.info('PULSAR_URL not set: events stay in the event log (domain_events) until a relay with a broker runs');
    return undefined;
  }
  const transport = await createMessageTransport(config.pulsar, { onWarning: (message) => logger.warn(message) });
  const relay = new OutboxRelay({ databaseUrl, transport, topics: config.pulsar, logger: logger.child({ component: 'outbox-relay' }) });
  relay.start();
  logger.info({ transport: transport.kind, serviceUrl: config.pulsar.serviceUrl }, 'outbox relay started');
  return {
    async stop() {
      await relay.stop();
      await transport.close();
    },
  };
}

/** The worker role: the campaign scheduler, the outbox relay and housekeeping. */
export async function startWorker(app: AppContainer, config: Config, databaseUrl: string, logger: Logger): Promise<RunningWorker> {
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
  const relay = await startRelay(config, databaseUrl, logger);
  const projections = await startProjections({
    databaseUrl, db: app.container.get(Database), uow: app.container.get<UnitOfWork>(UNIT_OF_WORK), pulsar: config.pulsar, upcasters: eventUpcasters,
    logger: logger.child({ component: 'projections' }),
  });
  const dispatch = dispatchSettingsFromEnv();
  loops.push(startDispatch(app.container, { settings: dispatch, onError: (err) => logger.error({ err }, 'dispatch batch failed; retrying') }));
  loops.push(startProviderCallbackProcessing(app.container, {
    idleMs: dispatch.idleMs,
    onError: (err) => logger.warn({ err }, 'applying a provider callback failed (retried, or kept as failed)'),
  }));
  logger.info({ intervalMs: config.schedulerIntervalMs, projections: projections.feed }, 'worker started (campaign scheduler, dispatch, provider callbacks, projections)');
  return { stop: async () => void (await Promise.all([...loops, projections, ...(relay ? [relay] : [])].map((l) => l.stop()))) };
}
