import 'reflect-metadata';
import { Container } from 'inversify';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../seedwork/domain/index.js';
import { CLOCK, CommandBus, DISTRIBUTED_LOCK, EVENT_HISTORY, QueryBus, UNIT_OF_WORK } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { PgAdvisoryLock } from '../../seedwork/infrastructure/database/advisory-lock.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { IdempotencyStore } from '../../seedwork/infrastructure/idempotency-store.js';
import { UpcastingEventHistory } from '../../seedwork/infrastructure/messaging/upcasting.js';
import { registerCampaigns } from '../campaigns/index.js';
import { registerAudience, registerSegments } from '../audience/index.js';
import { registerReporting } from '../reporting/index.js';
import { registerDeliveryQueue } from '../dispatch/delivery-queue.module.js';
import { registerCalls } from '../calls/index.js';
import { channelSettingsFromEnv, registerChannels, registerSenders, type ChannelSettings } from '../dispatch/index.js';
import { eventUpcasters } from './event-upcasters.js';

export interface AppContainer {
  container: Container;
  commands: CommandBus;
  queries: QueryBus;
}

/**
 * The composition root: every port bound to its adapter, every module registered. Provider
 * credentials are read from the environment unless given.
 */
export function buildContainer(dataSource: DataSource, clock: Clock, channels: ChannelSettings = channelSettingsFromEnv(process.env)): AppContainer {
  const container = new Container();
  const commands = new CommandBus(container);
  const queries = new QueryBus(container);
  const db = new Database(dataSource);
  const events = new EventStore(db);

  container.bind(CLOCK).toConstantValue(clock);
  // Handlers that send another module's commands or queries (a call summary moves its lead) get the buses.
  container.bind(CommandBus).toConstantValue(commands);
  container.bind(QueryBus).toConstantValue(queries);
  container.bind(Database).toConstantValue(db);
  container.bind(EventStore).toConstantValue(events);
  container.bind(EVENT_HISTORY).toConstantValue(new UpcastingEventHistory(events, eventUpcasters));
  container.bind(UNIT_OF_WORK).toConstantValue(new TypeOrmUnitOfWork(dataSource));
  container.bind(DISTRIBUTED_LOCK).toConstantValue(new PgAdvisoryLock(dataSource));
  container.bind(IdempotencyStore).toConstantValue(new IdempotencyStore(db));

  registerCampaigns(container, commands, queries);
  registerAudience(container, commands, queries);
  registerSegments(container, commands, queries);
  registerReporting(container, queries);
  registerDeliveryQueue(container, queries);
  registerSenders(container, commands, queries);
  registerChannels(container, commands, channels);
  registerCalls(container, commands, queries);
  return { container, commands, queries };
}
