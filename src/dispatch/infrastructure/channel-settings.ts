/**
 * Provider credentials and endpoints. They come from the environment only: no API route reads
 * or writes them, and no representation or event carries them.
 */

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** https://api.twilio.com, or a local fake in tests. */
  readonly apiBaseUrl: string;
  /** A TwiML app (the voice agent) Twilio fetches when a call connects; without it the script is read with `<Say>`. */
  readonly voiceUrl?: string;
}

export interface TelegramSettings {
  /** Bot token per sender address (bot username without `@`, lower-cased, or bot id). */
  readonly botTokens: ReadonlyMap<string, string>;
  /** The token of any Telegram sender not in `botTokens`. */
  readonly defaultToken?: string;
  readonly apiBaseUrl: string;
  /** What Telegram sends in X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token). */
  readonly webhookSecret?: string;
}

export interface ChannelSettings {
  readonly twilio?: TwilioSettings;
  readonly telegram: TelegramSettings;
  /** nodemailer connection URL: `smtp://user:pass@host:587`, `smtps://…:465`. */
  readonly smtpUrl?: string;
  /** The service's public origin: callback URLs given to providers, and the URL Twilio signs. */
  readonly publicBaseUrl?: string;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,}$/;
// setWebhook's secret_token: 1 to 256 characters A-Z, a-z, 0-9, _ and -.
const WEBHOOK_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/** The key a sender address is looked up by in TELEGRAM_BOT_TOKENS: `@AcmeBot` and `acmebot` are one bot. */
export function telegramBotKey(address: string): string {
  return address.trim().replace(/^@/, '').toLowerCase();
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[], problems: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    if (protocols.includes(new URL(raw).protocol)) return raw.replace(/\/+$/, '');
    problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return undefined;
}

function twilio(env: NodeJS.ProcessEnv, problems: string[]): TwilioSettings | undefined {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  const apiBaseUrl = url(env, 'TWILIO_API_BASE_URL', ['https:', 'http:'], problems) ?? 'https://api.twilio.com';
  const voiceUrl = url(env, 'TWILIO_VOICE_URL', ['https:', 'http:'], problems);
  if (!accountSid && !authToken) return undefined;
  if (!accountSid || !authToken) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
    return undefined;
  }
  if (!ACCOUNT_SID.test(accountSid)) problems.push('TWILIO_ACCOUNT_SID must be an account SID (AC followed by 32 hex digits)');
  return { accountSid, authToken, apiBaseUrl, ...(voiceUrl && { voiceUrl }) };
}

function botTokens(env: NodeJS.ProcessEnv, problems: string[]): Map<string, string> {
  const tokens = new Map<string, string>();
  const raw = env.TELEGRAM_BOT_TOKENS?.trim();
  if (!raw) return tokens;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('TELEGRAM_BOT_TOKENS must be a JSON object of sender address → bot token');
    return tokens;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('TELEGRAM_BOT_TOKENS must be a JSON object of sender address → bot token');
    return tokens;
  }
  for (const [address, token] of Object.entries(parsed)) {
    if (typeof token === 'string' && BOT_TOKEN.test(token)) tokens.set(telegramBotKey(address), token);
    else problems.push(`TELEGRAM_BOT_TOKENS["${address}"] is not a bot token (<bot id>:<secret>)`);
  }
  return tokens;
}

function telegram(env: NodeJS.ProcessEnv, problems: string[]): TelegramSettings {
  const defaultToken = env.TELEGRAM_BOT_TOKEN?.trim() || undefined;
  if (defaultToken !== undefined && !BOT_TOKEN.test(defaultToken)) problems.push('TELEGRAM_BOT_TOKEN is not a bot token (<bot id>:<secret>)');
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || undefined;
  if (webhookSecret !== undefined && !WEBHOOK_SECRET.test(webhookSecret)) {
    problems.push('TELEGRAM_WEBHOOK_SECRET must be 1 to 256 letters, digits, "_" or "-" (what Telegram accepts as secret_token)');
  }
  return {
    botTokens: botTokens(env, problems),
    ...(defaultToken && { defaultToken }),
    apiBaseUrl: url(env, 'TELEGRAM_API_BASE_URL', ['https:', 'http:'], problems) ?? 'https://api.telegram.org',
    ...(webhookSecret && { webhookSecret }),
  };
}

/** Reads the channel settings; throws one error listing every problem, so an operator fixes them in one go. */
export function channelSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ChannelSettings {
  const problems: string[] = [];
  const settings: ChannelSettings = {
    twilio: twilio(env, problems),
    telegram: telegram(env, problems),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:'], problems),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', ['https:', 'http:'], problems),
  };
  if (problems.length) throw new Error(`Invalid channel configuration:\n  - ${problems.join('\n  - ')}`);
  return settings;
}
