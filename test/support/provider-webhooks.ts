// Provider configuration and signed callback requests for the webhook tests: the test app reads
// provider settings from process.env when it starts (Jest gives each test file its own env).
import { twilioSignature } from '../../src/dispatch/infrastructure/webhooks/twilio-signature.js';
import type { FakeTwilio } from './fake-twilio.js';

export const TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_AUTH_TOKEN = 'test-twilio-auth-token-0123456789';
export const TELEGRAM_WEBHOOK_SECRET = 'test-telegram-webhook-secret';
/** What Twilio signs: the public URL, not the test server's own. */
export const PUBLIC_BASE_URL = 'https://campaigns.example.com';

/** Call before startTestApp(): the app then verifies webhooks with these secrets. */
export function configureProviderWebhooks(): void {
  Object.assign(process.env, { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A form body and headers as Twilio would send them to `pathAndQuery`, signed with `token`. */
export function twilioCallback(pathAndQuery: string, params: Record<string, string>, token = TWILIO_AUTH_TOKEN): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(params).toString(),
    headers: { ...FORM, 'X-Twilio-Signature': twilioSignature(token, `${PUBLIC_BASE_URL}${pathAndQuery}`, params) },
  };
}

/** An unsigned form body (no X-Twilio-Signature). */
export function unsignedTwilioCallback(params: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: new URLSearchParams(params).toString(), headers: FORM };
}

/** Twilio's call status fields, as it sends them; override what the test is about. */
export function aCallStatus(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: TWILIO_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: 'CA0123456789abcdef0123456789abcdef',
    CallStatus: 'ringing',
    Direction: 'outbound-api',
    From: '+15005550006',
    To: '+573001234567',
    SequenceNumber: '1',
    Timestamp: 'Mon, 23 Nov 2026 10:00:05 +0000',
    CallbackSource: 'call-progress-events',
    ...overrides,
  };
}

/** Twilio's message status fields, as it sends them. */
export function aMessageStatus(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: TWILIO_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    MessageStatus: 'sent',
    SmsSid: 'SM0123456789abcdef0123456789abcdef',
    SmsStatus: 'sent',
    From: '+15005550006',
    To: '+573001234567',
    ...overrides,
  };
}

/** Telegram's webhook headers with the configured secret (or another one). */
export function telegramHeaders(secret = TELEGRAM_WEBHOOK_SECRET): Record<string, string> {
  return { 'X-Telegram-Bot-Api-Secret-Token': secret };
}

let updateId = 900_000;

/** A Telegram Update carrying a text message from chat `chatId`. */
export function aTelegramMessage(text: string, chatId = 4242, extra: Record<string, unknown> = {}): { update_id: number; message: Record<string, unknown> } {
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 1_795_428_000,
      chat: { id: chatId, type: 'private', first_name: 'Ana' },
      from: { id: chatId, is_bot: false, first_name: 'Ana' },
      text,
      ...extra,
    },
  };
}

/** Where Twilio was told to report on what it sent to `to`: the path and query of the request's StatusCallback. */
export function statusCallbackOf(fake: FakeTwilio, to: string): string {
  const request = fake.requests.find((r) => r.form.To === to || r.form.To === `whatsapp:${to}`);
  const url = request?.form.StatusCallback;
  if (typeof url !== 'string') throw new Error(`Twilio got no StatusCallback for ${to}`);
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
