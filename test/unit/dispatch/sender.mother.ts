import { Sender, type CreateSenderInput } from '../../../src/dispatch/domain/sender.js';
import type { SenderState } from '../../../src/dispatch/domain/sender-state.js';
import { ValidationError } from '../../../seedwork/domain/index.js';

/** Business time of every test. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');
export const LATER = new Date('2026-11-24T15:30:00.000Z');
export const SENDER_ID = '01935a4e-7c00-7000-8000-0000000000bb';
/** Version of every restored sender, far from 0 so off-by-one errors show. */
export const STORED_VERSION = 4;

/** The smallest valid create input; each test overrides only what it is about. */
export function aCreateInput(overrides: Partial<Record<keyof CreateSenderInput, unknown>> = {}): CreateSenderInput {
  return { brandId: 'acme', channel: 'sms', provider: 'twilio', address: '+573001234567', ratePerSecond: 10, ...overrides };
}

export function aNewSender(overrides: Partial<Record<keyof CreateSenderInput, unknown>> = {}): Sender {
  return Sender.create(aCreateInput(overrides), NOW, SENDER_ID);
}

/** A stored snapshot, as the repository would load it. */
export function aSenderState(overrides: Partial<SenderState> = {}): SenderState {
  return {
    id: SENDER_ID,
    brandId: 'acme',
    channel: 'sms',
    provider: 'twilio',
    address: '+573001234567',
    ratePerSecond: 10,
    dailyCap: 5000,
    status: 'active',
    version: STORED_VERSION,
    createdAt: new Date('2026-11-01T08:00:00.000Z'),
    updatedAt: new Date('2026-11-20T08:00:00.000Z'),
    ...overrides,
  };
}

/** The fields a ValidationError names, sorted. */
export function invalidFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => e.field).sort();
    throw error;
  }
  throw new Error('expected a ValidationError');
}
