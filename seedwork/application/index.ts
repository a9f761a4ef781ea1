export * from './execution-context.js';
export * from './message-bus.js';
export * from './unit-of-work.js';
