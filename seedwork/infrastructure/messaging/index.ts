export * from './event-envelope.js';
export * from './message-transport.js';
export * from './native-transport.js';
export * from './outbox-lag.js';
export * from './outbox-relay.js';
export * from './pulsar-config.js';
export * from './transport-factory.js';
export * from './websocket-transport.js';
