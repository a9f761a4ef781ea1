import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../application/channel-gateway.js';
import type { ProviderErrorKind } from '../../domain/provider-error.js';
import { telegramBotKey, type TelegramSettings } from '../channel-settings.js';
import { DEFAULT_PROVIDER_TIMEOUT_MS, providerRequest } from './provider-http.js';

export interface TelegramGatewayOptions {
  readonly settings: TelegramSettings;
  readonly timeoutMs?: number;
}

interface BotApiAnswer {
  ok?: unknown;
  result?: { message_id?: unknown; chat?: { id?: unknown } };
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

/** Bot API descriptions of a chat that does not exist for this bot: the address is wrong, like an invalid number. */
const NO_SUCH_CHAT = /chat not found|user not found|peer_id_invalid|chat_id is empty/i;

/** What a refused sendMessage means (https://core.telegram.org/bots/api#making-requests). */
function errorKind(code: number | null, description: string): ProviderErrorKind {
  if (code === 429) return 'rate_limited';
  // 403: the user blocked the bot, deleted the account, or never started a chat with it.
  if (code === 403) return 'blocked';
  if (code === 400 && NO_SUCH_CHAT.test(description)) return 'invalid_number';
  // 401/404: the token is wrong (our configuration, not the contact's fault); 5xx: Telegram's moment.
  if (code === null || code === 401 || code === 404 || code >= 500) return 'unavailable';
  return 'blocked';
}

/** A numeric chat id goes as a number; `@channelname` as a string. */
function chatId(to: string): number | string {
  return /^-?\d{1,20}$/.test(to) && Number.isSafeInteger(Number(to)) ? Number(to) : to;
}

/**
 * Telegram through the Bot API: `POST {base}/bot{token}/sendMessage` with `{chat_id, text}`,
 * the text plain (no parse_mode, so nothing in it is read as markup). The token is the
 * sender's from TELEGRAM_BOT_TOKENS (by bot username or id), else TELEGRAM_BOT_TOKEN.
 *
 * Idempotency: the Bot API takes no idempotency key, so the window is open: a crash after
 * Telegram accepted a message and before the outcome was recorded sends it twice when the same
 * attempt is sent again.
 */
export class TelegramGateway implements ChannelGateway {
  readonly #timeoutMs: number;

  constructor(private readonly options: TelegramGatewayOptions) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async send(request: ChannelSendRequest): Promise<SendResult> {
    if (request.channel !== 'telegram') throw new RangeError(`Telegram does not send on ${request.channel}`);
    const token = this.#tokenFor(request.sender.address);
    if (!token) {
      throw new ProviderError('unavailable', `No bot token for Telegram sender ${request.sender.address}: set TELEGRAM_BOT_TOKENS or TELEGRAM_BOT_TOKEN`, {
        providerCode: 'not_configured',
      });
    }
    const response = await providerRequest('Telegram', `${this.options.settings.apiBaseUrl}/bot${token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ chat_id: chatId(request.to), text: request.text }),
    }, this.#timeoutMs);
    const answer = (response.body ?? {}) as BotApiAnswer;
    const messageId = answer.result?.message_id;
    if (answer.ok === true && typeof messageId === 'number') {
      return { providerRef: `${String(answer.result?.chat?.id ?? request.to)}:${messageId}`, status: 'delivered' };
    }
    const code = typeof answer.error_code === 'number' ? answer.error_code : response.status >= 400 ? response.status : null;
    const description = typeof answer.description === 'string' ? answer.description : `HTTP ${response.status}`;
    const retryAfter = answer.parameters?.retry_after;
    throw new ProviderError(errorKind(code, description), `Telegram refused the message: ${description}`, {
      providerCode: String(code ?? response.status),
      ...(typeof retryAfter === 'number' && { retryAfterMs: retryAfter * 1000 }),
    });
  }

  /**
   * The sender's entry in TELEGRAM_BOT_TOKENS, else the default token. A sender named by bot id
   * takes only a token of that bot (a token starts with its bot's id): any other would send as
   * another bot.
   */
  #tokenFor(address: string): string | undefined {
    const { botTokens, defaultToken } = this.options.settings;
    const key = telegramBotKey(address);
    const listed = botTokens.get(key);
    if (listed) return listed;
    if (!/^\d+$/.test(key)) return defaultToken;
    return [...botTokens.values(), ...(defaultToken ? [defaultToken] : [])].find((token) => token.startsWith(`${key}:`));
  }
}
