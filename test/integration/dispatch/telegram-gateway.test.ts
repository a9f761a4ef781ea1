import { ProviderError, type ChannelSendRequest } from '../../../src/dispatch/application/channel-gateway.js';
import { TelegramGateway } from '../../../src/dispatch/infrastructure/gateways/telegram-gateway.js';
import type { TelegramSettings } from '../../../src/dispatch/infrastructure/channel-settings.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { aSendRequest } from '../../unit/dispatch/channel-request.mother.js';
import { closedPort } from '../../support/closed-port.js';

const ACME_TOKEN = '111111111:AAAcmeAcmeAcmeAcmeAcmeAcmeAcmeAcme';
const DEFAULT_TOKEN = '222222222:AADefaultDefaultDefaultDefaultDef';
const OPEN_CHAT = 4242;
const BLOCKED_CHAT = 5151;

describe('TelegramGateway against a local Bot API', () => {
  let telegram: FakeTelegram;
  let gateway: TelegramGateway;
  const settings = (overrides: Partial<TelegramSettings> = {}): TelegramSettings =>
    ({ botTokens: new Map([['acmeoffersbot', ACME_TOKEN]]), defaultToken: DEFAULT_TOKEN, apiBaseUrl: telegram.baseUrl, ...overrides });
  const message = (overrides: Partial<ChannelSendRequest> = {}) =>
    aSendRequest({ channel: 'telegram', sender: { address: 'AcmeOffersBot', provider: 'telegram' }, to: String(OPEN_CHAT), text: 'Hola *Ana* <b>', ...overrides });
  const errorOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a ProviderError'); }, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    telegram = await startFakeTelegram({ [ACME_TOKEN]: { username: 'AcmeOffersBot' }, [DEFAULT_TOKEN]: { username: 'DefaultBot' } });
    telegram.openChat(OPEN_CHAT);
    telegram.blockChat(BLOCKED_CHAT);
    gateway = new TelegramGateway({ settings: settings() });
  });
  afterAll(async () => { await telegram.close(); });
  beforeEach(() => { telegram.requests.length = 0; });

  it('calls sendMessage with the sender\'s bot token, the chat id as a number and the text as plain text', async () => {
    expect(await gateway.send(message())).toEqual({ providerRef: expect.stringMatching(new RegExp(`^${OPEN_CHAT}:\\d+$`)), status: 'delivered' });
    expect(telegram.requests).toEqual([{ token: ACME_TOKEN, method: 'sendMessage', contentType: 'application/json', body: { chat_id: OPEN_CHAT, text: 'Hola *Ana* <b>' } }]);
  });

  it('finds the token by bot username however it is written, by bot id, or falls back to TELEGRAM_BOT_TOKEN', async () => {
    await gateway.send(message({ sender: { address: '@acmeoffersbot', provider: 'telegram' } }));
    await gateway.send(message({ sender: { address: '111111111', provider: 'telegram' } }));
    await gateway.send(message({ sender: { address: 'OtherBot', provider: 'telegram' } }));
    expect(telegram.requests.map((r) => r.token)).toEqual([ACME_TOKEN, ACME_TOKEN, DEFAULT_TOKEN]);
  });

  it('never sends a bot id\'s message with another bot\'s token', async () => {
    const error = await errorOf(gateway.send(message({ sender: { address: '999999', provider: 'telegram' } })));
    expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', providerCode: 'not_configured' }));
    expect(telegram.requests).toEqual([]);
  });

  it('without any token, sends nothing and answers unavailable', async () => {
    const unconfigured = new TelegramGateway({ settings: settings({ botTokens: new Map(), defaultToken: undefined }) });
    const error = await errorOf(unconfigured.send(message()));
    expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
    expect(error.message).toMatch(/TELEGRAM_BOT_TOKENS or TELEGRAM_BOT_TOKEN/);
    expect(telegram.requests).toEqual([]);
  });

  describe('errors', () => {
    it('"chat not found" is invalid_number: permanent', async () => {
      expect(await errorOf(gateway.send(message({ to: '777' })))).toEqual(expect.objectContaining({ kind: 'invalid_number', retryable: false, providerCode: '400' }));
    });

    it('a bot the user blocked is blocked: permanent', async () => {
      const error = await errorOf(gateway.send(message({ to: String(BLOCKED_CHAT) })));
      expect(error).toEqual(expect.objectContaining({ kind: 'blocked', retryable: false, providerCode: '403' }));
      expect(error.message).toMatch(/bot was blocked by the user/);
    });

    it('flood control is rate_limited, transient, waiting retry_after', async () => {
      telegram.rateLimitNext(13);
      expect(await errorOf(gateway.send(message()))).toEqual(expect.objectContaining({ kind: 'rate_limited', retryable: true, providerCode: '429', retryAfterMs: 13_000 }));
    });

    it('a wrong token is unavailable (our configuration)', async () => {
      const wrong = new TelegramGateway({ settings: settings({ botTokens: new Map([['acmeoffersbot', '111111111:wrongwrongwrongwrongwrong']]) }) });
      expect(await errorOf(wrong.send(message()))).toEqual(expect.objectContaining({ kind: 'unavailable', providerCode: '401' }));
    });

    it('a server error is unavailable, transient', async () => {
      telegram.failNext(502, { ok: false, error_code: 502, description: 'Bad Gateway' });
      expect(await errorOf(gateway.send(message()))).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
    });

    it('another refusal (a text too long) is not retried', async () => {
      expect(await errorOf(gateway.send(message({ text: 'x'.repeat(5000) })))).toEqual(expect.objectContaining({ kind: 'blocked', retryable: false }));
    });

    it('an answer that is not the Bot API\'s is unavailable', async () => {
      telegram.failNext(200, { unexpected: true });
      expect(await errorOf(gateway.send(message()))).toEqual(expect.objectContaining({ kind: 'unavailable' }));
    });
  });

  it('never puts the token in an error message', async () => {
    const nowhere = new TelegramGateway({ settings: settings({ apiBaseUrl: `http://127.0.0.1:${await closedPort()}` }) });
    const error = await errorOf(nowhere.send(message()));
    expect(error.kind).toBe('unavailable');
    expect(error.message).not.toContain(ACME_TOKEN);
  });
});
