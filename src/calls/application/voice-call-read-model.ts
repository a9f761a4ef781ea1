import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { CallStatus, VoiceCallState } from '../domain/voice-call-state.js';

/** Whose calls a list shows: a campaign's or a lead's. */
export type CallOwner = { readonly kind: 'campaign'; readonly id: string } | { readonly kind: 'lead'; readonly id: string };

/** Read side of voice calls: queries that need no aggregate. */
export interface VoiceCallReadModel {
  findById(id: string, scope: BrandScope): Promise<VoiceCallState | null>;
  /** The owner's calls, newest first, strictly before the call `beforeId` when given; `limit + 1` rows tell whether a next page exists. */
  list(owner: CallOwner, status: CallStatus | undefined, scope: BrandScope, limit: number, beforeId?: string): Promise<VoiceCallState[]>;
}

export const VOICE_CALL_READ_MODEL = Symbol.for('VoiceCallReadModel');
