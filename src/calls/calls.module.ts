import type { Container } from 'inversify';
import type { CommandBus, QueryBus } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { CALL_STARTER, CALL_STATUS_RECEIVER } from '../dispatch/index.js';
import { VOICE_CALL_REPOSITORY } from './domain/voice-call-repository.js';
import { VOICE_CALL_READ_MODEL } from './application/voice-call-read-model.js';
import { VoiceCallWriter } from './application/voice-call-writer.js';
import { LeadOutcomeApplier } from './application/lead-outcome-applier.js';
import { InitiateVoiceCalls, InitiateVoiceCallsHandler } from './application/initiate-voice-calls.js';
import { ReportCallStatus, ReportCallStatusHandler } from './application/report-call-status.js';
import { AttachCallTranscript, AttachCallTranscriptHandler } from './application/attach-call-transcript.js';
import { SummarizeCall, SummarizeCallHandler } from './application/summarize-call.js';
import { GetVoiceCall, GetVoiceCallHandler } from './application/get-voice-call.js';
import { ListVoiceCalls, ListVoiceCallsHandler } from './application/list-voice-calls.js';
import { TypeOrmVoiceCallRepository } from './infrastructure/typeorm-voice-call.repository.js';
import { PgVoiceCallReadModel } from './infrastructure/pg-voice-call.read-model.js';
import { VoiceCallStarter } from './infrastructure/voice-call-starter.js';
import { VoiceCallStatusReceiver } from './infrastructure/voice-call-status-receiver.js';

/**
 * Wires the calls module: its ports to PostgreSQL, its use cases to the buses, and the ports
 * dispatch calls it through (starting the calls a batch placed, applying call status reports).
 */
export function registerCalls(container: Container, commands: CommandBus, queries: QueryBus): void {
  container.bind(VOICE_CALL_REPOSITORY).toDynamicValue((ctx) => new TypeOrmVoiceCallRepository(ctx.get(Database), ctx.get(EventStore))).inSingletonScope();
  container.bind(VOICE_CALL_READ_MODEL).toDynamicValue((ctx) => new PgVoiceCallReadModel(ctx.get(Database))).inSingletonScope();
  container.bind(VoiceCallWriter).toSelf().inSingletonScope();
  container.bind(LeadOutcomeApplier).toSelf().inSingletonScope();
  container.bind(CALL_STARTER).toConstantValue(new VoiceCallStarter(commands));
  container.bind(CALL_STATUS_RECEIVER).toConstantValue(new VoiceCallStatusReceiver(commands));

  commands.register(InitiateVoiceCalls, InitiateVoiceCallsHandler);
  commands.register(ReportCallStatus, ReportCallStatusHandler);
  commands.register(AttachCallTranscript, AttachCallTranscriptHandler);
  commands.register(SummarizeCall, SummarizeCallHandler);
  queries.register(GetVoiceCall, GetVoiceCallHandler);
  queries.register(ListVoiceCalls, ListVoiceCallsHandler);
}
