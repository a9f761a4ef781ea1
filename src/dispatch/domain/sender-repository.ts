import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { Sender } from './sender.js';

/** Persistence port of the Sender aggregate (write side). */
export interface SenderRepository {
  /** Loads a sender to change it, locked until the unit of work ends; NotFoundError when absent or outside the scope. */
  getForUpdate(id: string, scope: BrandScope): Promise<Sender>;
  /** Inserts a new sender and appends its events; DuplicateSenderError when the brand has that address on the channel. */
  add(sender: Sender): Promise<void>;
  /** Writes the new state if nobody changed it since load (else ConcurrencyError) and appends its events. */
  save(sender: Sender): Promise<void>;
  /** Deletes the row (same version check) and appends its events; the history stays in the log. */
  remove(sender: Sender): Promise<void>;
}

export const SENDER_REPOSITORY = Symbol.for('SenderRepository');
