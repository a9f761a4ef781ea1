/** Container identifiers of the seedwork ports. */
export const UNIT_OF_WORK = Symbol.for('UnitOfWork');
export const CLOCK = Symbol.for('Clock');
export const DISTRIBUTED_LOCK = Symbol.for('DistributedLock');
