import { ValidationError } from '../../../../seedwork/domain/index.js';
import { CONTACT_CHANNELS, type ConsentState, type ContactChannel } from '../lead-state.js';

/**
 * Consent is the set of channels the lead opted out of. `doNotContact` is that set being every
 * channel, whether the lead said "stop everything" or named each channel: the effect is the
 * same, so one state has one representation, and readers may check either field.
 */

export function initialConsent(at: Date): ConsentState {
  return { doNotContact: false, optedOutChannels: [], reason: null, updatedAt: new Date(at.getTime()) };
}

/**
 * The channels an opt-out or opt-in names, in canonical order. Left out, it means every channel
 * (API.md); an empty list is refused because a client that meant "none" would otherwise opt the
 * lead out of everything.
 */
export function contactChannels(raw: unknown, field = 'channels'): ContactChannel[] {
  if (raw === undefined) return [...CONTACT_CHANNELS];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw ValidationError.single(field, 'must list at least one channel; leave it out to mean every channel');
  }
  const list: readonly unknown[] = raw;
  const unknown = list.filter((channel) => !(CONTACT_CHANNELS as readonly unknown[]).includes(channel));
  if (unknown.length > 0) throw ValidationError.single(field, `must contain only ${CONTACT_CHANNELS.join(', ')} (got ${unknown.map(String).join(', ')})`);
  return CONTACT_CHANNELS.filter((channel) => list.includes(channel));
}

function consentOf(optedOut: ReadonlySet<ContactChannel>, reason: string | null, at: Date): ConsentState {
  const optedOutChannels = CONTACT_CHANNELS.filter((channel) => optedOut.has(channel));
  return { doNotContact: optedOutChannels.length === CONTACT_CHANNELS.length, optedOutChannels, reason, updatedAt: new Date(at.getTime()) };
}

/**
 * Consent after opting out of `channels`, or null when the lead was already out of all of them:
 * a repeated STOP (or a redelivered one) changes nothing and records nothing.
 */
export function consentAfterOptOut(current: ConsentState, channels: readonly ContactChannel[], reason: string | null, at: Date): ConsentState | null {
  const optedOut = new Set([...current.optedOutChannels, ...channels]);
  return optedOut.size === current.optedOutChannels.length ? null : consentOf(optedOut, reason, at);
}

/** Consent after opting back in to `channels`, or null when the lead was out of none of them. */
export function consentAfterOptIn(current: ConsentState, channels: readonly ContactChannel[], reason: string | null, at: Date): ConsentState | null {
  const optedOut = new Set(current.optedOutChannels.filter((channel) => !channels.includes(channel)));
  return optedOut.size === current.optedOutChannels.length ? null : consentOf(optedOut, reason, at);
}
