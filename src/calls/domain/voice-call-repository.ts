import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { VoiceCall } from './voice-call.js';

/** Which attempt of which delivery placed a call. */
export interface DeliveryAttemptRef {
  readonly deliveryId: string;
  readonly deliveryAttempt: number;
}

/** Persistence port of the VoiceCall aggregate (write side). */
export interface VoiceCallRepository {
  /** Loads a call to change it, locked until the unit of work ends; NotFoundError when absent or outside the scope. */
  getForUpdate(id: string, scope: BrandScope): Promise<VoiceCall>;
  /** The call the provider knows by `providerCallId`, locked, or null when there is none in the scope. */
  findByProviderCallIdForUpdate(providerCallId: string, scope: BrandScope): Promise<VoiceCall | null>;
  /** Which of these deliveries' attempts already have their call. */
  placedBy(deliveryIds: readonly string[]): Promise<DeliveryAttemptRef[]>;
  /**
   * Inserts a new call and appends its events. A call of the same delivery attempt (or provider
   * id) written meanwhile is a ConcurrencyError: the unit of work runs again and finds it.
   */
  add(call: VoiceCall): Promise<void>;
  /** Writes the new state if nobody changed it since load (else ConcurrencyError) and appends its events. */
  save(call: VoiceCall): Promise<void>;
}

export const VOICE_CALL_REPOSITORY = Symbol.for('VoiceCallRepository');
