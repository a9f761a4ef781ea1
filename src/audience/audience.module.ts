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
import { CSV_IMPORT_READER, LEAD_IMPORT_SETTINGS, LeadImports } from './application/import-leads.js';
import { LEAD_IMPORT_STORE } from './application/import-leads-store.js';
import { GetLeadImport, GetLeadImportHandler, GetLeadImportRejections, GetLeadImportRejectionsHandler } from './application/import-leads-queries.js';
import { PgLeadImportStore } from './infrastructure/pg-lead-import-store.js';
import { CsvParseImportReader } from './infrastructure/csv-import-reader.js';
import { leadImportSettingsFrom } from './infrastructure/lead-import-settings.js';

/** Wires the audience module: its ports to PostgreSQL, its use cases to the buses. */
export function registerAudience(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(LEAD_REPOSITORY).toDynamicValue((ctx) => new TypeOrmLeadRepository(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(LEAD_READ_MODEL).toDynamicValue((ctx) => new TypeOrmLeadReadModel(ctx.get(Database))).inSingletonScope();
  container.bind(LeadWriter).toSelf().inSingletonScope();
  // CSV import: each import runs on a connection of its own to the service's database.
  container.bind(LEAD_IMPORT_STORE).toDynamicValue((ctx) => new PgLeadImportStore(ctx.get(Database), databaseUrlOf(ctx.get(Database)))).inSingletonScope();
  container.bind(CSV_IMPORT_READER).toConstantValue(new CsvParseImportReader());
  container.bind(LEAD_IMPORT_SETTINGS).toConstantValue(leadImportSettingsFrom(process.env));
  container.bind(LeadImports).toSelf().inSingletonScope();

  commands.register(CreateLead, CreateLeadHandler);
  commands.register(UpdateLead, UpdateLeadHandler);
  commands.register(ChangeLeadStage, ChangeLeadStageHandler);
  commands.register(ChangeLeadScore, ChangeLeadScoreHandler);
  commands.register(AssignLead, AssignLeadHandler);
  commands.register(ChangeLeadConsent, ChangeLeadConsentHandler);
  queries.register(GetLead, GetLeadHandler);
  queries.register(ListLeads, ListLeadsHandler);
  queries.register(GetLeadImport, GetLeadImportHandler);
  queries.register(GetLeadImportRejections, GetLeadImportRejectionsHandler);
}

function databaseUrlOf(db: Database): string {
  const { url } = db.dataSource.options as { url?: string };
  if (!url) throw new Error('The CSV import needs the DataSource to be configured with a url');
  return url;
}
