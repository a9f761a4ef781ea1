export * from './aggregate-root.js';
export * from './brand-scope.js';
export * from './clock.js';
export * from './domain-error.js';
export * from './domain-event.js';
export * from './ids.js';
export * from './value-object.js';
export * from './time-zone.js';
