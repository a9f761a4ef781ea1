// A local stand-in for Twilio's REST API (2010-04-01) that checks requests the way Twilio
// documents them and answers like it: HTTP Basic auth with the account SID and auth token,
// form-encoded bodies, the required fields of Calls and Messages, Twilio's error JSON, and the
// "magic" test numbers Twilio documents for its test credentials
// (https://www.twilio.com/docs/iam/test-credentials), which trigger its error codes.
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { listenLocally } from './fake-http-server.js';

export interface TwilioRequest {
  path: string;
  authorization: string | undefined;
  idempotencyToken: string | undefined;
  contentType: string | undefined;
  /** A field sent more than once is an array. */
  form: Record<string, string | string[]>;
}

export interface FakeTwilio {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Every request received, in order (also the refused ones). */
  requests: TwilioRequest[];
  /** The next request is answered with this status, body and headers, whatever it is. */
  failNext(status: number, body?: Record<string, unknown>, headers?: Record<string, string>): void;
  /** Every answer is held back this long (to outlive a client's timeout). */
  delayMs: number;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const CALL_EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);

/** Twilio's test numbers as `To`, and the error each triggers. */
const MAGIC_TO: Readonly<Record<string, { code: number; message: string }>> = {
  '+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number is not currently reachable via SMS." },
  '+15005550003': { code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the \'To\' number' },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export async function startFakeTwilio(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? sid('AC');
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const requests: TwilioRequest[] = [];
  let forced: { status: number; body: Record<string, unknown>; headers: Record<string, string> } | undefined;

  const fake = { delayMs: 0 };
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  const error = (res: Response, status: number, code: number, message: string) =>
    res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const answer = (req: Request, res: Response, create: (form: Record<string, string | string[]>) => void) => {
    const form = (req.body ?? {}) as Record<string, string | string[]>;
    requests.push({
      path: req.path,
      authorization: req.get('authorization'),
      idempotencyToken: req.get('i-twilio-idempotency-token'),
      contentType: req.get('content-type'),
      form,
    });
    setTimeout(() => {
      if (forced) {
        const { status, body, headers } = forced;
        forced = undefined;
        res.status(status).set(headers).json(body);
        return;
      }
      if (req.get('authorization') !== expectedAuth) return error(res, 401, 20003, 'Authenticate');
      if (req.params.sid !== accountSid) return error(res, 404, 20404, 'The requested resource was not found');
      if (!req.is('application/x-www-form-urlencoded')) return error(res, 400, 20001, 'Unsupported content type');
      create(form);
    }, fake.delayMs);
  };

  /** The number without the `whatsapp:` channel prefix, and whether it had one. */
  const address = (value: string | string[] | undefined) => {
    const text = typeof value === 'string' ? value : '';
    return { number: text.replace(/^whatsapp:/, ''), whatsapp: text.startsWith('whatsapp:') };
  };

  /** Twilio's refusal of this `To`, or null when it takes it. */
  const refusalOf = (to: string): { code: number; message: string } | null =>
    MAGIC_TO[to] ?? (E164.test(to) ? null : { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });

  app.post('/2010-04-01/Accounts/:sid/Calls.json', (req, res) => answer(req, res, (form) => {
    if (!form.To) return error(res, 400, 21201, 'No \'To\' number is specified');
    if (!form.From) return error(res, 400, 21213, 'No \'From\' number is specified');
    if (!form.Url && !form.Twiml && !form.ApplicationSid) return error(res, 400, 21205, 'Url parameter is required.');
    const events = typeof form.StatusCallbackEvent === 'string' ? [form.StatusCallbackEvent] : form.StatusCallbackEvent ?? [];
    if (events.some((e) => !CALL_EVENTS.has(e))) return error(res, 400, 21626, 'Invalid StatusCallbackEvent');
    const to = address(form.To);
    const refusal = refusalOf(to.number);
    if (refusal) return error(res, 400, refusal.code, refusal.message);
    res.status(201).json({
      sid: sid('CA'), account_sid: accountSid, to: to.number, from: form.From, status: 'queued', direction: 'outbound-api', api_version: '2010-04-01',
    });
  }));

  app.post('/2010-04-01/Accounts/:sid/Messages.json', (req, res) => answer(req, res, (form) => {
    if (!form.To) return error(res, 400, 21604, 'A \'To\' phone number is required.');
    if (!form.From && !form.MessagingServiceSid) return error(res, 400, 21603, 'A \'From\' phone number is required.');
    if (!form.Body && !form.MediaUrl) return error(res, 400, 21602, 'Message body is required.');
    const to = address(form.To);
    const from = address(form.From);
    // A WhatsApp message names both ends on WhatsApp, or neither.
    if (to.whatsapp !== from.whatsapp) return error(res, 400, 63007, 'Twilio could not find a Channel with the specified From address');
    const refusal = refusalOf(to.number);
    if (refusal) return error(res, 400, refusal.code, refusal.message);
    res.status(201).json({
      sid: sid('SM'), account_sid: accountSid, to: form.To, from: form.From, body: form.Body, status: 'queued', num_segments: '1', api_version: '2010-04-01',
    });
  }));

  const server = await listenLocally(app);
  return Object.assign(fake, {
    baseUrl: server.baseUrl,
    accountSid,
    authToken,
    requests,
    failNext(status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      forced = { status, body, headers };
    },
    close: server.close,
  });
}
