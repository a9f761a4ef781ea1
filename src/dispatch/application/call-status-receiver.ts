import type { ExecutionContext } from '../../../seedwork/application/index.js';
import type { CallbackResult, CallStatusEvent } from './provider-callbacks.js';

/**
 * Applies a recorded call status report to the voice call it names (the calls module implements
 * it), in the caller's unit of work: moving the call forward only, so a repeat or a report out of
 * order is `ignored`.
 */
export interface CallStatusReceiver {
  receive(event: CallStatusEvent, context: ExecutionContext): Promise<CallbackResult>;
}

export const CALL_STATUS_RECEIVER = Symbol.for('CallStatusReceiver');
