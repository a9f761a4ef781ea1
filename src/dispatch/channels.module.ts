import type { Container } from 'inversify';
import type { Router } from 'express';
import type { Clock } from '../../seedwork/domain/index.js';
import { CLOCK, UNIT_OF_WORK, type CommandBus, type UnitOfWork } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { CALL_STATUS_RECEIVER, type CallStatusReceiver } from './application/call-status-receiver.js';
import { CHANNEL_GATEWAY, type ChannelGateway } from './application/channel-gateway.js';
import { MessageStatusReceiver } from './application/message-status-receiver.js';
import { ProviderCallbackProcessor } from './application/provider-callback-processor.js';
import { PROVIDER_CALLBACK_SINK, type ProviderCallbackSink } from './application/provider-callbacks.js';
import { INBOUND_CONTACTS, type InboundContacts } from './application/inbound-contacts.js';
import { InboundMessageReceiver } from './application/receive-inbound-message.js';
import { SENDER_READ_MODEL, type SenderReadModel } from './application/sender-read-model.js';
import type { SenderProvider } from './domain/sender-state.js';
import type { ChannelSettings } from './infrastructure/channel-settings.js';
import { ProviderCallbackLog } from './infrastructure/provider-callback-log.js';
import { PgCallbackQueue } from './infrastructure/pg-callback-queue.js';
import { PgSentDeliveries } from './infrastructure/pg-sent-deliveries.js';
import { PgInboundContacts } from './infrastructure/pg-inbound-contacts.js';
import { ProviderGateways } from './infrastructure/gateways/provider-gateways.js';
import { SimulatedGateway } from './infrastructure/gateways/simulated-gateway.js';
import { PgSimulatedSendLog } from './infrastructure/gateways/simulated-send-log.js';
import { TwilioGateway } from './infrastructure/gateways/twilio-gateway.js';
import { TelegramGateway } from './infrastructure/gateways/telegram-gateway.js';
import { SmtpGateway } from './infrastructure/gateways/smtp-gateway.js';
import { webhookRoutes } from './http/webhook.routes.js';

export const CHANNEL_SETTINGS = Symbol.for('ChannelSettings');

/** Every send of an installation's simulated provider draws from this seed: a run can be replayed. */
const SIMULATED_SEED = 'campaign-service';

/**
 * Wires channels: the ChannelGateway dispatch sends through (one adapter per configured
 * provider, the simulated one always), the ProviderCallbackSink the webhooks and the simulated
 * provider report to (recording in provider_callbacks, applied later by the
 * ProviderCallbackProcessor), and the opt-out of inbound STOP messages.
 */
export function registerChannels(container: Container, commands: CommandBus, settings: ChannelSettings): void {
  container.bind(CHANNEL_SETTINGS).toConstantValue(settings);
  container.bind(PROVIDER_CALLBACK_SINK).toDynamicValue((ctx) => new ProviderCallbackLog(ctx.get(Database), ctx.get<Clock>(CLOCK))).inSingletonScope();
  container.bind(INBOUND_CONTACTS).toDynamicValue((ctx) => new PgInboundContacts(ctx.get(Database))).inSingletonScope();
  container.bind(InboundMessageReceiver).toDynamicValue((ctx) => new InboundMessageReceiver(
    ctx.get<UnitOfWork>(UNIT_OF_WORK), ctx.get<ProviderCallbackSink>(PROVIDER_CALLBACK_SINK), ctx.get<InboundContacts>(INBOUND_CONTACTS), commands,
  )).inSingletonScope();
  container.bind(CHANNEL_GATEWAY).toDynamicValue((ctx) => {
    const adapters: Partial<Record<SenderProvider, ChannelGateway>> = {
      simulated: new SimulatedGateway({
        seed: SIMULATED_SEED,
        sendLog: new PgSimulatedSendLog(ctx.get(Database)),
        callbacks: { sink: ctx.get<ProviderCallbackSink>(PROVIDER_CALLBACK_SINK) },
      }),
      telegram: new TelegramGateway({ settings: settings.telegram }),
    };
    if (settings.twilio) adapters.twilio = new TwilioGateway({ settings: settings.twilio, publicBaseUrl: settings.publicBaseUrl });
    if (settings.smtpUrl) adapters.smtp = new SmtpGateway({ url: settings.smtpUrl });
    return new ProviderGateways(adapters);
  }).inSingletonScope();
}

/** The provider webhooks (mounted outside /api/v1), with what they need from the container. */
export function channelWebhookRoutes(container: Container): Router {
  const settings = container.get<ChannelSettings>(CHANNEL_SETTINGS);
  return webhookRoutes({
    twilioAuthToken: settings.twilio?.authToken,
    telegramSecret: settings.telegram.webhookSecret,
    publicBaseUrl: settings.publicBaseUrl,
    sink: container.get<ProviderCallbackSink>(PROVIDER_CALLBACK_SINK),
    inbound: container.get(InboundMessageReceiver),
    senders: container.get<SenderReadModel>(SENDER_READ_MODEL),
  });
}

/**
 * The processor applying recorded status reports: message statuses to deliveries, call statuses
 * to voice calls through CALL_STATUS_RECEIVER when a module binds one.
 */
export function createProviderCallbackProcessor(container: Container, onError?: (error: unknown) => void): ProviderCallbackProcessor {
  const db = container.get(Database);
  const clock = container.get<Clock>(CLOCK);
  const calls = container.isBound(CALL_STATUS_RECEIVER) ? container.get<CallStatusReceiver>(CALL_STATUS_RECEIVER) : undefined;
  return new ProviderCallbackProcessor({
    queue: new PgCallbackQueue(db),
    uow: container.get<UnitOfWork>(UNIT_OF_WORK),
    clock,
    messages: new MessageStatusReceiver(new PgSentDeliveries(db, container.get(EventStore)), clock),
    ...(calls && { calls }),
    ...(onError && { onError }),
  });
}

/** Starts the processor loop of the worker role; it looks again every `idleMs` while nothing is due. */
export function startProviderCallbackProcessing(container: Container, options: { idleMs: number; onError?: (error: unknown) => void }): { stop(): Promise<void> } {
  return createProviderCallbackProcessor(container, options.onError).start(options.idleMs);
}
