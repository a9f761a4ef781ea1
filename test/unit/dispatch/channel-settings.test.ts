import { channelSettingsFromEnv, telegramBotKey } from '../../../src/dispatch/infrastructure/channel-settings.js';

const SID = `AC${'a'.repeat(32)}`;
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('channelSettingsFromEnv', () => {
  it('configures nothing but the public Telegram API without settings', () => {
    expect(channelSettingsFromEnv({})).toEqual({
      twilio: undefined,
      telegram: { botTokens: new Map(), apiBaseUrl: 'https://api.telegram.org' },
      smtpUrl: undefined,
      publicBaseUrl: undefined,
    });
  });

  it('reads every provider', () => {
    const settings = channelSettingsFromEnv({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9999/',
      TWILIO_VOICE_URL: 'https://voice.example.com/twiml',
      TELEGRAM_BOT_TOKENS: JSON.stringify({ '@AcmeBot': TOKEN }),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9998',
      TELEGRAM_WEBHOOK_SECRET: 'a-secret_1',
      SMTP_URL: 'smtp://user:pass@mail.example.com:587',
      PUBLIC_BASE_URL: 'https://campaigns.example.com/',
    });
    expect(settings).toEqual({
      twilio: { accountSid: SID, authToken: 'token', apiBaseUrl: 'http://127.0.0.1:9999', voiceUrl: 'https://voice.example.com/twiml' },
      telegram: { botTokens: new Map([['acmebot', TOKEN]]), defaultToken: TOKEN, apiBaseUrl: 'http://127.0.0.1:9998', webhookSecret: 'a-secret_1' },
      smtpUrl: 'smtp://user:pass@mail.example.com:587',
      publicBaseUrl: 'https://campaigns.example.com',
    });
  });

  it('defaults Twilio to its public API', () => {
    expect(channelSettingsFromEnv({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 't' }).twilio?.apiBaseUrl).toBe('https://api.twilio.com');
  });

  it('lists every problem in one error', () => {
    const read = () => channelSettingsFromEnv({
      TWILIO_ACCOUNT_SID: SID,
      TELEGRAM_BOT_TOKENS: '{"@AcmeBot": "nope"}',
      TELEGRAM_BOT_TOKEN: 'nope',
      TELEGRAM_WEBHOOK_SECRET: 'has spaces',
      SMTP_URL: 'http://mail.example.com',
      PUBLIC_BASE_URL: 'not a url',
    });
    expect(read).toThrow(/TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together/);
    expect(read).toThrow(/TELEGRAM_BOT_TOKENS\["@AcmeBot"\] is not a bot token/);
    expect(read).toThrow(/TELEGRAM_BOT_TOKEN is not a bot token/);
    expect(read).toThrow(/TELEGRAM_WEBHOOK_SECRET must be/);
    expect(read).toThrow(/SMTP_URL must be a smtp: or smtps: URL/);
    expect(read).toThrow(/PUBLIC_BASE_URL is not a valid URL/);
  });

  it.each(['[]', 'not json', '"token"'])('refuses TELEGRAM_BOT_TOKENS %s', (raw) => {
    expect(() => channelSettingsFromEnv({ TELEGRAM_BOT_TOKENS: raw })).toThrow(/JSON object/);
  });

  it('refuses an account SID that is not one', () => {
    expect(() => channelSettingsFromEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 't' })).toThrow(/account SID/);
  });
});

describe('telegramBotKey', () => {
  it('makes @AcmeBot, AcmeBot and acmebot one bot', () => {
    expect(new Set(['@AcmeBot', 'AcmeBot', ' acmebot ']).size).toBe(3);
    expect(new Set(['@AcmeBot', 'AcmeBot', ' acmebot '].map(telegramBotKey))).toEqual(new Set(['acmebot']));
  });
});
