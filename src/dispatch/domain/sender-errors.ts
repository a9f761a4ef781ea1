import { BusinessRuleError } from '../../../seedwork/domain/index.js';
import type { SenderChannel } from './sender-state.js';

/**
 * One identity of a brand on one channel is one sender: two would split its rate limit and daily
 * cap between rows that know nothing of each other. A duplicate is a conflict (409).
 */
export class DuplicateSenderError extends BusinessRuleError {
  constructor(readonly brandId: string, readonly channel: SenderChannel, readonly address: string) {
    super(`Brand '${brandId}' already has a ${channel} sender with address ${address}`);
  }
}
