import type { ExecutionContext } from '../../../seedwork/application/index.js';

/** A call the provider accepted for a delivery on the `call` channel, as the queue recorded it. */
export interface PlacedCall {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly brandId: string;
  readonly campaignId: string;
  readonly leadId: string;
  /** E.164, the number called. */
  readonly phone: string;
  /** The provider's id of the call (the delivery's providerRef). */
  readonly providerCallId: string;
}

/**
 * Starts the voice calls of a recorded batch (the calls module implements it). Called in the
 * transaction that records the batch, so a call exists exactly when its delivery's success does;
 * calls already started for a delivery attempt are skipped.
 */
export interface CallStarter {
  /** `context` is the recording transaction's: the calls' events carry its actor and correlation id. */
  start(calls: readonly PlacedCall[], context: ExecutionContext): Promise<void>;
}

export const CALL_STARTER = Symbol.for('CallStarter');

