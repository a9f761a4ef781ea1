import type { UnitOfWork } from '../../../seedwork/application/index.js';
import type { Database } from '../../../seedwork/infrastructure/database/database.js';
import { topicForAggregate } from '../../../seedwork/infrastructure/messaging/event-envelope.js';
import { EventConsumer, type ConsumerLogger } from '../../../seedwork/infrastructure/messaging/event-consumer.js';
import { EventLogSource } from '../../../seedwork/infrastructure/messaging/event-log-source.js';
import type { PulsarConfig } from '../../../seedwork/infrastructure/messaging/pulsar-config.js';
import { Wakeup } from '../../../seedwork/infrastructure/messaging/outbox-relay.js';
import { exponentialBackoff } from '../../../seedwork/infrastructure/messaging/retry-backoff.js';
import { createMessageTransport } from '../../../seedwork/infrastructure/messaging/transport-factory.js';
import type { UpcasterRegistry } from '../../../seedwork/infrastructure/messaging/upcasting.js';
import { CAMPAIGN_METRICS, campaignMetricsHandler } from './campaign-metrics-projection.js';

export interface ProjectionsOptions {
  readonly databaseUrl: string;
  readonly db: Database;
  readonly uow: UnitOfWork;
  /** Set: consume the campaign topic. Unset: tail the event log directly. */
  readonly pulsar?: PulsarConfig;
  readonly upcasters: UpcasterRegistry;
  readonly logger: ConsumerLogger;
}

export interface RunningProjections {
  readonly feed: 'pulsar' | 'log';
  stop(): Promise<void>;
}

/** Subscribes in the background until it succeeds: a broker that is down must not stop the worker. */
function subscribeInBackground(consumer: EventConsumer, logger: ConsumerLogger): { stop(): Promise<void> } {
  let stopped = false;
  const halt = new Wakeup();
  const running = (async () => {
    for (const delay of exponentialBackoff({ initialMs: 500, maxMs: 30_000 })) {
      try {
        await consumer.start();
        return;
      } catch (err) {
        logger.warn({ err, projection: CAMPAIGN_METRICS }, 'cannot subscribe to the campaign topic yet; retrying');
      }
      await halt.sleep(delay);
      if (stopped) return;
    }
  })();
  return {
    async stop() {
      stopped = true;
      halt.wake();
      await running;
      await consumer.stop();
    },
  };
}

/**
 * Feeds the campaign metrics projection: from the `campaign-events` topic when a broker is
 * configured, else straight from the event log, so reports work on the embedded default too.
 * Both feed the same handler through the same inbox (consumer name `campaign-metrics`).
 */
export async function startProjections(options: ProjectionsOptions): Promise<RunningProjections> {
  const { db, uow, upcasters, logger } = options;
  const handler = campaignMetricsHandler(db);
  if (options.pulsar) {
    const transport = await createMessageTransport(options.pulsar, { onWarning: (message) => logger.warn({ projection: CAMPAIGN_METRICS }, message) });
    const consumer = new EventConsumer({
      transport, topic: topicForAggregate('Campaign', options.pulsar), subscription: CAMPAIGN_METRICS, db, uow, handler, upcasters, logger,
    });
    const subscribing = subscribeInBackground(consumer, logger);
    return {
      feed: 'pulsar',
      async stop() {
        await subscribing.stop();
        await transport.close();
      },
    };
  }
  const source = new EventLogSource({ databaseUrl: options.databaseUrl, name: CAMPAIGN_METRICS, db, uow, handler, aggregateTypes: ['Campaign'], upcasters, logger });
  source.start();
  return { feed: 'log', stop: () => source.stop() };
}
