// A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) that checks
// requests the way Telegram documents them and answers like it: the token in the path
// (`/bot<token>/<method>`), `chat_id` and `text` in a JSON body, and its `{ok, result}` and
// `{ok: false, error_code, description, parameters}` answers, with the descriptions Telegram uses.
import express, { type Response } from 'express';
import { listenLocally } from './fake-http-server.js';

export interface TelegramRequest {
  token: string;
  method: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeTelegram {
  baseUrl: string;
  /** Every request received, in order (also the refused ones). */
  requests: TelegramRequest[];
  /** A chat the bot can write to; any other chat is "not found". */
  openChat(chatId: number): void;
  /** The user of this chat blocked the bot. */
  blockChat(chatId: number): void;
  /** The next sendMessage is refused as flood (429) with this retry_after. */
  rateLimitNext(retryAfterSeconds: number): void;
  /** The next request is answered with this status and body, whatever it is. */
  failNext(status: number, body: Record<string, unknown>): void;
  close(): Promise<void>;
}

const MAX_TEXT = 4096;

/** Bots by token; a token is `<bot id>:<secret>`. */
export async function startFakeTelegram(bots: Record<string, { username: string }>): Promise<FakeTelegram> {
  const requests: TelegramRequest[] = [];
  const chats = new Map<number, 'open' | 'blocked'>();
  let forced: { status: number; body: Record<string, unknown> } | undefined;
  let messageId = 0;

  const refuse = (res: Response, code: number, description: string, parameters?: Record<string, unknown>) =>
    res.status(code).json({ ok: false, error_code: code, description, ...(parameters && { parameters }) });

  const app = express();
  app.use(express.json());
  app.post('/bot:token/:method', (req, res) => {
    const token = req.params.token;
    const body = (req.body ?? {}) as Record<string, unknown>;
    requests.push({ token, method: req.params.method, contentType: req.get('content-type'), body });
    if (forced) {
      const { status, body: answer } = forced;
      forced = undefined;
      res.status(status).json(answer);
      return;
    }
    const bot = bots[token];
    if (!bot) return refuse(res, 401, 'Unauthorized');
    if (req.params.method !== 'sendMessage') return refuse(res, 404, 'Not Found');
    const chatId = body.chat_id;
    if (chatId === undefined || chatId === '') return refuse(res, 400, 'Bad Request: chat_id is empty');
    if (typeof body.text !== 'string' || body.text.trim() === '') return refuse(res, 400, 'Bad Request: message text is empty');
    if ([...body.text].length > MAX_TEXT) return refuse(res, 400, 'Bad Request: message is too long');
    const chat = typeof chatId === 'number' ? chats.get(chatId) : undefined;
    if (!chat) return refuse(res, 400, 'Bad Request: chat not found');
    if (chat === 'blocked') return refuse(res, 403, 'Forbidden: bot was blocked by the user');
    res.json({
      ok: true,
      result: {
        message_id: ++messageId,
        from: { id: Number(token.split(':')[0]), is_bot: true, first_name: bot.username, username: bot.username },
        chat: { id: chatId, type: 'private', first_name: 'Ana' },
        date: Math.floor(Date.now() / 1000),
        text: body.text,
      },
    });
  });

  const server = await listenLocally(app);
  return {
    baseUrl: server.baseUrl,
    requests,
    openChat: (chatId) => void chats.set(chatId, 'open'),
    blockChat: (chatId) => void chats.set(chatId, 'blocked'),
    rateLimitNext(retryAfterSeconds) {
      forced = {
        status: 429,
        body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } },
      };
    },
    failNext(status, body) {
      forced = { status, body };
    },
    close: server.close,
  };
}
