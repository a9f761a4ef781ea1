export * from './distributed-lock.js';
export * from './execution-context.js';
export * from './message-bus.js';
export * from './tokens.js';
export * from './unit-of-work.js';
export * from './event-history.js';
