import express, { Router, type Request, type RequestHandler } from 'express';
import { isUuid, NotFoundError } from '../../../seedwork/domain/index.js';
import { HttpError, route } from '../../../seedwork/http/index.js';
import type { InboundMessageReceiver } from '../application/receive-inbound-message.js';
import type { ProviderCallbackSink } from '../application/provider-callbacks.js';
import type { SenderReadModel } from '../application/sender-read-model.js';
import { constantTimeEquals } from '../infrastructure/webhooks/constant-time.js';
import { inboundMessageEvent } from '../infrastructure/webhooks/telegram-updates.js';
import { callbackTarget, callStatusEvent, messageStatusEvent } from '../infrastructure/webhooks/twilio-callbacks.js';
import { isValidTwilioSignature, type FormParams } from '../infrastructure/webhooks/twilio-signature.js';

export interface WebhookRoutesDeps {
  /** Twilio's auth token; without it no Twilio callback can be verified, so all are refused. */
  twilioAuthToken?: string;
  /** TELEGRAM_WEBHOOK_SECRET; without it every Telegram update is refused. */
  telegramSecret?: string;
  /** The public origin Twilio called; without it the URL is rebuilt from the request's Host. */
  publicBaseUrl?: string;
  sink: ProviderCallbackSink;
  inbound: InboundMessageReceiver;
  senders: SenderReadModel;
}

const FORM = 'application/x-www-form-urlencoded';
// Callbacks are a few hundred bytes; the limit only bounds what an unverified caller can make us read.
const BODY_LIMIT = '64kb';

function unsupported(type: string): HttpError {
  return new HttpError(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${type}`);
}

const requireForm: RequestHandler = (req, _res, next) => {
  if (!req.is(FORM)) throw unsupported(FORM);
  next();
};

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw unsupported('application/json');
  next();
};

/**
 * Provider callbacks, outside /api/v1 and without a JWT: each provider proves itself instead.
 * A request that fails the proof answers 401/403 before anything is parsed into an event or
 * stored, so it changes nothing. Verified callbacks are answered 204 once the sink took them;
 * a repeat is taken again and changes nothing more (the sink keys on the provider's event).
 */
export function webhookRoutes(deps: WebhookRoutesDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, type: FORM });
  const json = express.json({ limit: BODY_LIMIT });

  /** The body when X-Twilio-Signature is Twilio's signature of this exact URL and body; 403 otherwise. */
  const verifiedTwilio = (req: Request): FormParams => {
    const params = (req.body ?? {}) as FormParams;
    const origin = deps.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? ''}`;
    const signature = req.get('x-twilio-signature');
    if (!deps.twilioAuthToken || !isValidTwilioSignature(deps.twilioAuthToken, `${origin}${req.originalUrl}`, params, signature)) {
      throw new HttpError(403, 'invalid-signature', 'Forbidden', signature ? 'X-Twilio-Signature does not match this request' : 'X-Twilio-Signature is missing');
    }
    return params;
  };

  router.post('/webhooks/twilio/call-status', requireForm, form, route(async (req) => {
    const params = verifiedTwilio(req);
    await deps.sink.callStatus(callStatusEvent(params, callbackTarget(req.query as Record<string, unknown>)));
    return { status: 204 };
  }));

  router.post('/webhooks/twilio/message-status', requireForm, form, route(async (req) => {
    const params = verifiedTwilio(req);
    await deps.sink.messageStatus(messageStatusEvent(params, callbackTarget(req.query as Record<string, unknown>)));
    return { status: 204 };
  }));

  // The secret is a header, so it is checked before the body is even read.
  const telegramSecret: RequestHandler = (req, _res, next) => {
    const given = req.get('x-telegram-bot-api-secret-token');
    if (!deps.telegramSecret || given === undefined || !constantTimeEquals(deps.telegramSecret, given)) {
      throw new HttpError(401, 'invalid-webhook-secret', 'Unauthorized', given === undefined ? 'X-Telegram-Bot-Api-Secret-Token is missing' : 'X-Telegram-Bot-Api-Secret-Token is wrong');
    }
    next();
  };

  router.post('/webhooks/telegram/:senderId', telegramSecret, requireJson, json, route(async (req, res) => {
    const id = String(req.params.senderId);
    const sender = isUuid(id) ? await deps.senders.findById(id, 'all') : null;
    if (!sender || sender.channel !== 'telegram') throw new NotFoundError('Sender', id);
    const event = inboundMessageEvent(req.body, sender);
    if (event) await deps.inbound.receive(event, res.locals.correlationId as string);
    return { status: 204 };
  }));

  return router;
}
