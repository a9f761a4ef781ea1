/** Source of business time; injected so domain rules and the scheduler can be tested with a controllable clock. */
export interface Clock {
  now(): Date;
}
