import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../application/channel-gateway.js';
import type { TwilioSettings } from '../channel-settings.js';
import { DEFAULT_PROVIDER_TIMEOUT_MS, providerRequest, retryAfterMs } from './provider-http.js';
import { twilioRequestErrorKind } from './twilio-errors.js';

export interface TwilioGatewayOptions {
  readonly settings: TwilioSettings;
  /** The service's public origin; callbacks go to its `/webhooks/twilio/…` unless a request names its own URL. */
  readonly publicBaseUrl?: string;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

/** Every status of a call Twilio can report, so the call's whole progress reaches the webhook. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

interface TwilioErrorBody {
  code?: unknown;
  message?: unknown;
}

/**
 * Voice calls, SMS and WhatsApp through Twilio's REST API (2010-04-01): `POST
 * /Accounts/{Sid}/Calls.json` and `/Messages.json`, form-encoded, HTTP Basic auth with the
 * account SID and auth token.
 *
 * Idempotency: every request carries `I-Twilio-Idempotency-Token` with the attempt's key, but
 * Twilio documents that header for the webhooks it sends, not as a promise to deduplicate
 * requests it receives. So the window is open: a crash after Twilio accepted a call or message
 * and before the outcome was recorded can place it twice when the same attempt is sent again.
 */
export class TwilioGateway implements ChannelGateway {
  readonly #settings: TwilioSettings;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #now: () => Date;

  constructor(private readonly options: TwilioGatewayOptions) {
    this.#settings = options.settings;
    this.#authorization = `Basic ${Buffer.from(`${this.#settings.accountSid}:${this.#settings.authToken}`).toString('base64')}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.#now = options.now ?? (() => new Date());
  }

  async send(request: ChannelSendRequest): Promise<SendResult> {
    const isCall = request.channel === 'call';
    if (!isCall && request.channel !== 'sms' && request.channel !== 'whatsapp') throw new RangeError(`Twilio does not send on ${request.channel}`);
    const path = `/2010-04-01/Accounts/${encodeURIComponent(this.#settings.accountSid)}/${isCall ? 'Calls' : 'Messages'}.json`;
    const response = await providerRequest('Twilio', `${this.#settings.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: this.#authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'I-Twilio-Idempotency-Token': request.idempotencyKey,
      },
      body: (isCall ? this.#callForm(request) : this.#messageForm(request)).toString(),
    }, this.#timeoutMs);
    const sid = (response.body as { sid?: unknown } | null)?.sid;
    if (response.status >= 200 && response.status < 300 && typeof sid === 'string') return { providerRef: sid, status: 'accepted' };
    throw this.#error(response.status, response.body as TwilioErrorBody | null, response.headers);
  }

  #callForm(request: ChannelSendRequest): URLSearchParams {
    const form = new URLSearchParams({ To: request.to, From: request.sender.address });
    const voiceUrl = this.#settings.voiceUrl;
    if (voiceUrl) form.set('Url', withQuery(voiceUrl, { brandId: request.brandId, deliveryId: request.deliveryId }));
    // The text is XML-escaped for the call channel by the script renderer.
    else form.set('Twiml', `<Response><Say>${request.text}</Say></Response>`);
    const callback = this.#callbackUrl(request, 'call-status');
    if (callback) {
      form.set('StatusCallback', callback);
      form.set('StatusCallbackMethod', 'POST');
      for (const event of CALL_EVENTS) form.append('StatusCallbackEvent', event);
    }
    return form;
  }

  #messageForm(request: ChannelSendRequest): URLSearchParams {
    const prefix = request.channel === 'whatsapp' ? 'whatsapp:' : '';
    const form = new URLSearchParams({ To: `${prefix}${request.to}`, From: `${prefix}${request.sender.address}`, Body: request.text });
    const callback = this.#callbackUrl(request, 'message-status');
    if (callback) form.set('StatusCallback', callback);
    return form;
  }

  /** The query names the brand and delivery; Twilio signs the whole URL, so the webhook can trust them. */
  #callbackUrl(request: ChannelSendRequest, hook: 'call-status' | 'message-status'): string | undefined {
    if (request.callbackUrl) return request.callbackUrl;
    const base = this.options.publicBaseUrl;
    return base && withQuery(`${base}/webhooks/twilio/${hook}`, { brandId: request.brandId, deliveryId: request.deliveryId });
  }

  #error(status: number, body: TwilioErrorBody | null, headers: Headers): ProviderError {
    const code = typeof body?.code === 'number' ? body.code : null;
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
    const kind = twilioRequestErrorKind(code, status);
    const retryAfter = retryAfterMs(headers.get('retry-after'), this.#now());
    return new ProviderError(kind, `Twilio refused the request: ${message}`, {
      providerCode: String(code ?? status),
      ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
    });
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, value);
  return parsed.toString();
}
