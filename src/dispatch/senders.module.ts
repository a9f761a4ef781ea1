import type { Container } from 'inversify';
import type { CommandBus, QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { SENDER_REPOSITORY } from './domain/sender-repository.js';
import { SENDER_READ_MODEL } from './application/sender-read-model.js';
import { SenderWriter } from './application/sender-writer.js';
import { CreateSender, CreateSenderHandler } from './application/create-sender.js';
import { UpdateSender, UpdateSenderHandler } from './application/update-sender.js';
import { DeleteSender, DeleteSenderHandler } from './application/delete-sender.js';
import { GetSender, GetSenderHandler } from './application/get-sender.js';
import { ListSenders, ListSendersHandler } from './application/list-senders.js';
import { TypeOrmSenderRepository } from './infrastructure/typeorm-sender.repository.js';
import { TypeOrmSenderReadModel } from './infrastructure/typeorm-sender.read-model.js';

/** Wires senders: their ports to PostgreSQL, their use cases to the buses. */
export function registerSenders(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(SENDER_REPOSITORY).toDynamicValue((ctx) => new TypeOrmSenderRepository(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(SENDER_READ_MODEL).toDynamicValue((ctx) => new TypeOrmSenderReadModel(ctx.get(Database))).inSingletonScope();
  container.bind(SenderWriter).toSelf().inSingletonScope();

  commands.register(CreateSender, CreateSenderHandler);
  commands.register(UpdateSender, UpdateSenderHandler);
  commands.register(DeleteSender, DeleteSenderHandler);
  queries.register(GetSender, GetSenderHandler);
  queries.register(ListSenders, ListSendersHandler);
}
