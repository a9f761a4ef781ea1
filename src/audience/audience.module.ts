import type { Container } from 'inversify';
import type { CommandBus, QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { LEAD_REPOSITORY } from './domain/lead-repository.js';
import { LEAD_READ_MODEL } from './application/lead-read-model.js';
import { LeadWriter } from './application/lead-writer.js';
import { CreateLead, CreateLeadHandler } from './application/create-lead.js';
import { UpdateLead, UpdateLeadHandler } from './application/update-lead.js';
import { ChangeLeadStage, ChangeLeadStageHandler } from './application/change-lead-stage.js';
import { ChangeLeadScore, ChangeLeadScoreHandler } from './application/change-lead-score.js';
import { AssignLead, AssignLeadHandler } from './application/assign-lead.js';
import { ChangeLeadConsent, ChangeLeadConsentHandler } from './application/change-lead-consent.js';
import { GetLead, GetLeadHandler } from './application/get-lead.js';
import { ListLeads, ListLeadsHandler } from './application/list-leads.js';
import { TypeOrmLeadRepository } from './infrastructure/typeorm-lead.repository.js';
import { TypeOrmLeadReadModel } from './infrastructure/typeorm-lead.read-model.js';

/** Wires the audience module: its ports to PostgreSQL, its use cases to the buses. */
export function registerAudience(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(LEAD_REPOSITORY).toDynamicValue((ctx) => new TypeOrmLeadRepository(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(LEAD_READ_MODEL).toDynamicValue((ctx) => new TypeOrmLeadReadModel(ctx.get(Database))).inSingletonScope();
  container.bind(LeadWriter).toSelf().inSingletonScope();

  commands.register(CreateLead, CreateLeadHandler);
  commands.register(UpdateLead, UpdateLeadHandler);
  commands.register(ChangeLeadStage, ChangeLeadStageHandler);
  commands.register(ChangeLeadScore, ChangeLeadScoreHandler);
  commands.register(AssignLead, AssignLeadHandler);
  commands.register(ChangeLeadConsent, ChangeLeadConsentHandler);
  queries.register(GetLead, GetLeadHandler);
  queries.register(ListLeads, ListLeadsHandler);
}
