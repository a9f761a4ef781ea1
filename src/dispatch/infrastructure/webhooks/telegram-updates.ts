import { ValidationError } from '../../../../seedwork/domain/index.js';
import { normalisePhone } from '../../../audience/index.js';
import type { InboundMessageEvent } from '../../application/provider-callbacks.js';
import { optOutKeywordIn } from '../../domain/opt-out-keywords.js';
import type { SenderState } from '../../domain/sender-state.js';

interface TelegramMessage {
  date?: unknown;
  text?: unknown;
  caption?: unknown;
  chat?: { id?: unknown };
  from?: { id?: unknown };
  contact?: { phone_number?: unknown; user_id?: unknown };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const PHONE_DIGITS = /^\+?(\d{8,15})$/;

/**
 * The phone number in a shared contact, in E.164, when the contact is the writer's own
 * (Telegram's "share my phone number"): anyone can forward someone else's contact card, which
 * must not opt that person out. Telegram writes the number as digits, with or without `+`; it
 * is normalised like a lead's phone, and kept as `+digits` when the phone rules do not know the
 * number, since it is only ever compared with the phones leads already have.
 */
function ownPhone(message: TelegramMessage): string | null {
  const contact = message.contact;
  if (!isObject(contact) || contact.user_id === undefined || contact.user_id !== message.from?.id) return null;
  const digits = typeof contact.phone_number === 'string' ? PHONE_DIGITS.exec(contact.phone_number.replace(/[\s-]/g, ''))?.[1] : undefined;
  if (digits === undefined) return null;
  try {
    return normalisePhone(`+${digits}`);
  } catch {
    return `+${digits}`;
  }
}

/**
 * The inbound message in a Telegram Update (https://core.telegram.org/bots/api#update) sent to
 * `sender`'s webhook. Null for updates that are not a new message in a chat (edits, membership
 * changes, button presses): they are acknowledged so Telegram stops resending them, and nothing
 * in them concerns dispatch. ValidationError when the body is not an Update.
 */
export function inboundMessageEvent(update: unknown, sender: SenderState): InboundMessageEvent | null {
  if (!isObject(update) || !Number.isSafeInteger(update.update_id)) throw ValidationError.single('update_id', 'must be an integer: the body must be a Telegram Update');
  const message = update.message;
  if (!isObject(message)) return null;
  const { chat, date, text, caption } = message as TelegramMessage;
  const chatId = isObject(chat) && (typeof chat.id === 'number' || typeof chat.id === 'string') ? String(chat.id) : null;
  if (chatId === null) throw ValidationError.single('message.chat.id', 'is required');
  const body = typeof text === 'string' ? text : typeof caption === 'string' ? caption : '';
  return {
    provider: 'telegram',
    eventKey: `${sender.id}:${String(update.update_id)}`,
    brandId: sender.brandId,
    deliveryId: null,
    occurredAt: typeof date === 'number' ? new Date(date * 1000) : null,
    raw: update,
    channel: 'telegram',
    senderId: sender.id,
    from: chatId,
    fromPhone: ownPhone(message as TelegramMessage),
    text: body,
    optOutKeyword: optOutKeywordIn(body),
  };
}
