import { oneOf, ValidationError, wholeNumber } from '../../../seedwork/domain/index.js';
import { normaliseEmail, normalisePhone } from '../../audience/index.js';
import {
  MAX_DAILY_CAP, MAX_RATE_PER_SECOND, PROVIDER_CHANNELS, SENDER_CHANNELS, SENDER_PROVIDERS, SENDER_STATUSES,
  type SenderChannel, type SenderProvider, type SenderStatus,
} from './sender-state.js';

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Telegram bot usernames: 5 to 32 letters, digits or `_`, starting with a letter and ending in "bot". */
const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i;
/** A bot's numeric id: the part of its token before the colon. */
const BOT_ID = /^[1-9]\d{0,19}$/;
const WHATSAPP_PREFIX = /^whatsapp:/i;

/** The brand id rule of every resource: 1 to 64 letters, digits, ".", "_" or "-". */
export function senderBrandId(value: unknown): string {
  if (typeof value !== 'string' || !BRAND_ID.test(value)) {
    throw ValidationError.single('brandId', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  return value;
}

export function senderChannel(value: unknown): SenderChannel {
  return oneOf(SENDER_CHANNELS, value, 'channel');
}

export function senderStatus(value: unknown): SenderStatus {
  return oneOf(SENDER_STATUSES, value, 'status');
}

/** The provider, when it can carry `channel`. */
export function senderProvider(value: unknown, channel: SenderChannel): SenderProvider {
  const provider = oneOf(SENDER_PROVIDERS, value, 'provider');
  const carried = PROVIDER_CHANNELS[provider];
  if (!carried.includes(channel)) {
    throw ValidationError.single('provider', `${provider} cannot send on ${channel}; it sends on ${carried.join(', ')}`);
  }
  return provider;
}

function telegramBot(value: string): string {
  const bot = value.trim().replace(/^@/, '');
  if (!BOT_USERNAME.test(bot) && !BOT_ID.test(bot)) {
    throw ValidationError.single('address', 'must be a Telegram bot username (5 to 32 characters ending in "bot", e.g. @AcmeBot) or a bot id');
  }
  return bot;
}

/**
 * The address in the canonical form of its channel: E.164 for phone channels (international
 * form required, a sender has no country to read a national number in; WhatsApp's
 * `whatsapp:+…` is accepted and stored without the prefix, which the gateway adds), a bot
 * username without `@` or a bot id for Telegram, an email address with its domain lower-cased.
 */
export function senderAddress(value: unknown, channel: SenderChannel): string {
  if (typeof value !== 'string') throw ValidationError.single('address', 'must be a string');
  switch (channel) {
    case 'call':
    case 'sms':
      return normalisePhone(value, undefined, 'address');
    case 'whatsapp':
      return normalisePhone(value.trim().replace(WHATSAPP_PREFIX, ''), undefined, 'address');
    case 'telegram':
      return telegramBot(value);
    case 'email':
      return normaliseEmail(value, 'address');
  }
}

/** Sends per second: a positive number up to MAX_RATE_PER_SECOND. */
export function ratePerSecond(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw ValidationError.single('ratePerSecond', 'must be a number');
  if (value <= 0 || value > MAX_RATE_PER_SECOND) throw ValidationError.single('ratePerSecond', `must be greater than 0 and at most ${MAX_RATE_PER_SECOND}`);
  return value;
}

/** Sends per day: a whole number from 1, or null for no cap. */
export function dailyCap(value: unknown): number | null {
  return value === null ? null : wholeNumber(value, 'dailyCap', 1, MAX_DAILY_CAP);
}
