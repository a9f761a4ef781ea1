import type { Container } from 'inversify';
import { CLOCK, SYSTEM_ACTOR, UNIT_OF_WORK, type QueryBus, type UnitOfWork } from '../../seedwork/application/index.js';
import { newId, type Clock } from '../../seedwork/domain/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { CAMPAIGN_CHANGE_HOOK } from '../campaigns/application/campaign-change-hook.js';
import { CampaignWriter } from '../campaigns/application/campaign-writer.js';
import { CALL_STARTER, type CallStarter } from './application/call-starter.js';
import { CHANNEL_GATEWAY, type ChannelGateway } from './application/channel-gateway.js';
import { DELIVERY_QUEUE, type DeliveryQueue } from './application/delivery-queue.js';
import { DELIVERY_READ_MODEL } from './application/delivery-read-model.js';
import { DispatchWorker, type DispatchSettings } from './application/dispatch-worker.js';
import { ListCampaignDeliveries, ListCampaignDeliveriesHandler } from './application/list-campaign-deliveries.js';
import { CallStartingDeliveryQueue } from './infrastructure/call-starting-delivery-queue.js';
import { InstantSimulatedGateway } from './infrastructure/instant-simulated-gateway.js';
import { PgDeliveryFanOut } from './infrastructure/pg-delivery-fan-out.js';
import { PgDeliveryQueue } from './infrastructure/pg-delivery-queue.js';
import { PgDeliveryReadModel } from './infrastructure/pg-delivery-read-model.js';

/**
 * Binds the work queue, the fan-out hook the campaign side calls in its own transactions, and the
 * delivery list. When a module starts voice calls (CALL_STARTER), the queue starts those a batch
 * placed in the transaction that records it.
 */
export function registerDeliveryQueue(container: Container, queries: QueryBus): void {
  container.bind(DELIVERY_QUEUE).toDynamicValue((ctx) => {
    const starter = ctx.get<CallStarter>(CALL_STARTER, { optional: true });
    const db = ctx.get(Database);
    return starter ? new CallStartingDeliveryQueue(db, ctx.get<UnitOfWork>(UNIT_OF_WORK), starter) : new PgDeliveryQueue(db);
  }).inSingletonScope();
  container.bind(CAMPAIGN_CHANGE_HOOK).toDynamicValue((ctx) => new PgDeliveryFanOut(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(DELIVERY_READ_MODEL).toDynamicValue((ctx) => new PgDeliveryReadModel(ctx.get(Database))).inSingletonScope();
  queries.register(ListCampaignDeliveries, ListCampaignDeliveriesHandler);
}

export interface DispatchOptions {
  readonly settings: DispatchSettings;
  /** Defaults to the bound ChannelGateway, else a zero-latency simulated provider. */
  readonly gateway?: ChannelGateway;
  /** Jitter of retry delays; tests pass a fixed one. */
  readonly random?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** The dispatch worker over the container's queue, clock and campaign writer. */
export function createDispatchWorker(container: Container, options: DispatchOptions): DispatchWorker {
  const queue = container.get<DeliveryQueue>(DELIVERY_QUEUE);
  const writer = container.get(CampaignWriter);
  const gateway = options.gateway ?? (container.isBound(CHANNEL_GATEWAY) ? container.get<ChannelGateway>(CHANNEL_GATEWAY) : new InstantSimulatedGateway());
  return new DispatchWorker({
    queue,
    gateway,
    clock: container.get<Clock>(CLOCK),
    // Re-checked under the campaign's row lock: audience added meanwhile queues more work, and
    // an audience addition waits for this lock, so nothing can slip in between check and finish.
    finishIfExhausted: async ({ id }) => {
      await writer.modifyWith({ context: { actor: SYSTEM_ACTOR, correlationId: newId() }, id }, async (campaign, now) => {
        if (campaign.status === 'active' && !(await queue.hasWorkLeft(id))) campaign.finish(now, 'audience_exhausted');
      });
    },
    ...(options.random && { random: options.random }),
    ...(options.onError && { onError: options.onError }),
  }, options.settings);
}

/** Starts the dispatch loops of the worker role. */
export function startDispatch(container: Container, options: DispatchOptions): { stop(): Promise<void> } {
  return createDispatchWorker(container, options).start();
}
