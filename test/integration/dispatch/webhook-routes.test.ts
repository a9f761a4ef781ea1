import 'reflect-metadata';
import express from 'express';
import { Container } from 'inversify';
import { pino } from 'pino';
import { CommandBus, type UnitOfWork } from '../../../seedwork/application/index.js';
import { correlationId, errorHandler } from '../../../seedwork/http/index.js';
import type { CallStatusEvent, InboundMessageEvent, MessageStatusEvent, ProviderCallbackSink } from '../../../src/dispatch/application/provider-callbacks.js';
import { InboundMessageReceiver } from '../../../src/dispatch/application/receive-inbound-message.js';
import type { SenderReadModel } from '../../../src/dispatch/application/sender-read-model.js';
import { webhookRoutes, type WebhookRoutesDeps } from '../../../src/dispatch/http/webhook.routes.js';
import { twilioSignature } from '../../../src/dispatch/infrastructure/webhooks/twilio-signature.js';
import { listenLocally } from '../../support/fake-http-server.js';
import { aCallStatus, aTelegramMessage, telegramHeaders } from '../../support/provider-webhooks.js';
import { aSenderState } from '../../unit/dispatch/sender.mother.js';

// The webhooks as configured differently from the e2e app: without secrets, and without
// PUBLIC_BASE_URL (the signed URL is then the one the request reached).

class ArraySink implements ProviderCallbackSink {
  readonly events: Array<CallStatusEvent | MessageStatusEvent | InboundMessageEvent> = [];
  async callStatus(event: CallStatusEvent) { this.events.push(event); }
  async messageStatus(event: MessageStatusEvent) { this.events.push(event); }
  async inboundMessage(event: InboundMessageEvent) { this.events.push(event); }
}

const inTransaction: UnitOfWork = { run: (_context, work) => work(), runOptimistic: (_context, work) => work(true) };
const bot = aSenderState({ channel: 'telegram', provider: 'telegram', address: 'AcmeBot' });
const senders: SenderReadModel = { findById: async (id) => (id === bot.id ? bot : null), list: async () => [] };

async function serve(config: Pick<WebhookRoutesDeps, 'twilioAuthToken' | 'telegramSecret' | 'publicBaseUrl'>) {
  const sink = new ArraySink();
  const inbound = new InboundMessageReceiver(inTransaction, sink, { leadsAt: async () => [] }, new CommandBus(new Container()));
  const app = express();
  app.use(correlationId);
  app.use(webhookRoutes({ ...config, sink, inbound, senders }));
  app.use(errorHandler(pino({ level: 'silent' })));
  return { sink, ...(await listenLocally(app)) };
}

const form = (params: Record<string, string>, signature?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature && { 'X-Twilio-Signature': signature }) },
  body: new URLSearchParams(params).toString(),
});

describe('provider webhooks, configured otherwise', () => {
  it('without TWILIO_AUTH_TOKEN or TELEGRAM_WEBHOOK_SECRET, refuses every callback: nothing can be verified', async () => {
    const server = await serve({});
    try {
      const params = aCallStatus();
      const signed = twilioSignature('', `${server.baseUrl}/webhooks/twilio/call-status`, params);
      expect((await fetch(`${server.baseUrl}/webhooks/twilio/call-status`, form(params, signed))).status).toBe(403);
      const telegram = await fetch(`${server.baseUrl}/webhooks/telegram/${bot.id}`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...telegramHeaders('') }, body: JSON.stringify(aTelegramMessage('hola')),
      });
      expect(telegram.status).toBe(401);
      expect(server.sink.events).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('without PUBLIC_BASE_URL, verifies the signature of the URL the request reached', async () => {
    const token = 'local-auth-token';
    const server = await serve({ twilioAuthToken: token });
    try {
      const path = '/webhooks/twilio/call-status?brandId=acme';
      const params = aCallStatus({ CallSid: 'CA-local' });
      expect((await fetch(`${server.baseUrl}${path}`, form(params, twilioSignature(token, `${server.baseUrl}${path}`, params)))).status).toBe(204);
      expect((await fetch(`${server.baseUrl}${path}`, form(params, twilioSignature(token, `https://campaigns.example.com${path}`, params)))).status).toBe(403);
      expect(server.sink.events).toEqual([expect.objectContaining({ providerCallId: 'CA-local', brandId: 'acme' })]);
    } finally {
      await server.close();
    }
  });

  it('hands a verified Telegram message to the inbound receiver, with the sender\'s brand', async () => {
    const server = await serve({ telegramSecret: 'shh' });
    try {
      const res = await fetch(`${server.baseUrl}/webhooks/telegram/${bot.id}`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...telegramHeaders('shh') }, body: JSON.stringify(aTelegramMessage('STOP', 31)),
      });
      expect(res.status).toBe(204);
      expect(server.sink.events).toEqual([expect.objectContaining({ senderId: bot.id, brandId: 'acme', from: '31', optOutKeyword: 'STOP' })]);
    } finally {
      await server.close();
    }
  });
});
