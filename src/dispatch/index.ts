// What other modules and the composition root may use from dispatch.
export { registerSenders } from './senders.module.js';
export { registerChannels, channelWebhookRoutes, createProviderCallbackProcessor, startProviderCallbackProcessing } from './channels.module.js';
export { senderRoutes } from './http/sender.routes.js';
export { deliveryRoutes } from './http/delivery.routes.js';
export { channelSettingsFromEnv, type ChannelSettings } from './infrastructure/channel-settings.js';

// Ports dispatch's queue sends and receives through.
export {
  CHANNEL_GATEWAY, ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult,
} from './application/channel-gateway.js';
export {
  MESSAGE_STATUSES, PROVIDER_CALLBACK_SINK,
  type CallbackProvider, type CallbackResult, type CallStatusEvent, type InboundMessageEvent, type MessageStatus, type MessageStatusEvent,
  type ProviderCallbackSink,
} from './application/provider-callbacks.js';

// Ports the calls module implements: dispatch starts the calls a batch placed and hands call
// status reports over.
export { CALL_STARTER, type CallStarter, type PlacedCall } from './application/call-starter.js';
export { CALL_STATUS_RECEIVER, type CallStatusReceiver } from './application/call-status-receiver.js';
export { INBOUND_CONTACTS, type InboundAddress, type InboundContacts } from './application/inbound-contacts.js';
export { SENDER_READ_MODEL, type SenderListFilter, type SenderReadModel } from './application/sender-read-model.js';
export type { SenderView } from './application/sender-view.js';
export {
  PROVIDER_CHANNELS, SENDER_CHANNELS, SENDER_PROVIDERS, SENDER_STATUSES,
  type SenderChannel, type SenderProvider, type SenderState, type SenderStatus,
} from './domain/sender-state.js';

// The simulated provider, for tests and benchmarks that drive it directly.
export { SimulatedGateway, type SimulatedGatewayOptions, type SimulatedRates } from './infrastructure/gateways/simulated-gateway.js';
export { InMemorySimulatedSendLog, PgSimulatedSendLog, type SimulatedOutcome, type SimulatedSendLog } from './infrastructure/gateways/simulated-send-log.js';
