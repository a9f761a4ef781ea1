import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { expectProblem } from '../../support/campaign-requests.js';
import { aLeadSeed, seedLeads } from '../../support/lead-seeds.js';
import {
  aCallStatus, aMessageStatus, aTelegramMessage, configureProviderWebhooks, telegramHeaders, twilioCallback, unsignedTwilioCallback,
} from '../../support/provider-webhooks.js';

type Api = ReturnType<typeof client>;

const BRAND = 'hook-alpha';
const OTHER = 'hook-beta';
const DELIVERY = '01935a4e-7c00-7000-8000-00000000d001';

describe('provider webhooks', () => {
  let t: TestApp;
  let provider: Api;
  let manager: Api;

  beforeAll(async () => {
    configureProviderWebhooks();
    t = await startTestApp();
    provider = client(t.baseUrl);
    manager = client(t.baseUrl, await t.token('brand_manager', [BRAND, OTHER]));
  });
  afterAll(async () => { await t.close(); });

  const callbacks = async (ref: string) =>
    t.dataSource.query(`SELECT kind, event_key, brand_id, delivery_id, status, event FROM provider_callbacks WHERE provider_ref = $1 ORDER BY received_at, event_key`, [ref]);
  const callbackCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM provider_callbacks`))[0].n as number;
  const post = (path: string, request: { body: string; headers: Record<string, string> }) => provider('POST', path, request.body, request.headers);

  describe('Twilio call status', () => {
    const path = `/webhooks/twilio/call-status?brandId=${BRAND}&deliveryId=${DELIVERY}`;

    it('records a signed callback with the brand and delivery its signed URL names', async () => {
      const res = await post(path, twilioCallback(path, aCallStatus({ CallSid: 'CA-signed', CallStatus: 'in-progress', SequenceNumber: '2' })));
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect(await callbacks('CA-signed')).toEqual([{
        kind: 'call_status', event_key: 'CA-signed:in-progress', brand_id: BRAND, delivery_id: DELIVERY, status: 'answered',
        event: expect.objectContaining({ provider: 'twilio', providerCallId: 'CA-signed', status: 'answered', providerStatus: 'in-progress', sequenceNumber: 2 }),
      }]);
    });

    it.each([
      ['no signature', () => unsignedTwilioCallback(aCallStatus({ CallSid: 'CA-bad' }))],
      ['a signature made with another auth token', () => twilioCallback(path, aCallStatus({ CallSid: 'CA-bad' }), 'not-the-auth-token')],
      ['a signature of another body', () => ({ ...twilioCallback(path, aCallStatus({ CallSid: 'CA-bad', CallStatus: 'ringing' })), body: new URLSearchParams(aCallStatus({ CallSid: 'CA-bad', CallStatus: 'completed' })).toString() })],
      ['a signature of another brand in the URL', () => twilioCallback(`/webhooks/twilio/call-status?brandId=${OTHER}&deliveryId=${DELIVERY}`, aCallStatus({ CallSid: 'CA-bad' }))],
      ['a signature of the other webhook', () => twilioCallback(path.replace('call-status', 'message-status'), aCallStatus({ CallSid: 'CA-bad' }))],
      ['a garbage signature', () => ({ ...unsignedTwilioCallback(aCallStatus({ CallSid: 'CA-bad' })), headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'AAAA' } })],
    ])('answers 403 to %s and records nothing', async (_name, request) => {
      const before = await callbackCount();
      expectProblem(await post(path, request()), 403, /X-Twilio-Signature/);
      expect(await callbackCount()).toBe(before);
    });

    it('records each report once however often it comes, and accepts them out of order', async () => {
      const report = (status: string, sequence: string) => twilioCallback(path, aCallStatus({ CallSid: 'CA-order', CallStatus: status, SequenceNumber: sequence }));
      for (const [status, sequence] of [['completed', '3'], ['ringing', '1'], ['completed', '3'], ['initiated', '0'], ['in-progress', '2'], ['ringing', '1']]) {
        expect((await post(path, report(status!, sequence!))).status).toBe(204);
      }
      const rows = await callbacks('CA-order');
      expect(rows.map((r: { event_key: string }) => r.event_key).sort()).toEqual(['CA-order:completed', 'CA-order:in-progress', 'CA-order:initiated', 'CA-order:ringing']);
      // Arrival order is kept; the sequence numbers let the consumer apply them in the provider's order.
      expect(rows.map((r: { event: { sequenceNumber: number } }) => r.event.sequenceNumber).sort()).toEqual([0, 1, 2, 3]);
    });

    it('answers 400 to a signed callback without the fields a status needs, recording nothing', async () => {
      const before = await callbackCount();
      expectProblem(await post(path, twilioCallback(path, { CallSid: 'CA-x', CallStatus: 'on-hold' })), 400);
      expectProblem(await post(path, twilioCallback(path, { CallStatus: 'ringing' })), 400);
      expect(await callbackCount()).toBe(before);
    });

    it('records a callback whose URL names no brand, with no brand', async () => {
      const bare = '/webhooks/twilio/call-status';
      expect((await post(bare, twilioCallback(bare, aCallStatus({ CallSid: 'CA-bare' })))).status).toBe(204);
      expect(await callbacks('CA-bare')).toEqual([expect.objectContaining({ brand_id: null, delivery_id: null })]);
    });

    it('answers 415 to a body that is not a form', async () => {
      expectProblem(await provider('POST', path, JSON.stringify(aCallStatus()), { 'content-type': 'application/json' }), 415);
    });

    it('needs no bearer token, and ignores one', async () => {
      const res = await manager('POST', path, twilioCallback(path, aCallStatus({ CallSid: 'CA-token' })).body, twilioCallback(path, aCallStatus({ CallSid: 'CA-token' })).headers);
      expect(res.status).toBe(204);
    });
  });

  describe('Twilio message status', () => {
    const path = `/webhooks/twilio/message-status?brandId=${BRAND}&deliveryId=${DELIVERY}`;

    it('records delivery reports once, out of order, with what a failure means', async () => {
      const report = (fields: Record<string, string>) => twilioCallback(path, aMessageStatus({ MessageSid: 'SM-flow', SmsSid: 'SM-flow', ...fields }));
      const reports: Array<Record<string, string>> = [{ MessageStatus: 'delivered' }, { MessageStatus: 'sent' }, { MessageStatus: 'delivered' }, { MessageStatus: 'undelivered', ErrorCode: '30005' }];
      for (const fields of reports) {
        expect((await post(path, report(fields))).status).toBe(204);
      }
      const rows = await callbacks('SM-flow');
      expect(rows.map((r: { status: string }) => r.status)).toEqual(['delivered', 'sent', 'undelivered']);
      expect(rows[2].event).toEqual(expect.objectContaining({ errorCode: '30005', errorKind: 'invalid_number' }));
    });

    it('answers 403 to an unsigned report', async () => {
      expectProblem(await post(path, unsignedTwilioCallback(aMessageStatus({ MessageSid: 'SM-unsigned' }))), 403);
      expect(await callbacks('SM-unsigned')).toEqual([]);
    });
  });

  describe('Telegram', () => {
    let bot: { id: string };
    let smsSender: { id: string };

    beforeAll(async () => {
      bot = (await manager('POST', '/api/v1/senders', { brandId: BRAND, channel: 'telegram', provider: 'telegram', address: '@HookAlphaBot', ratePerSecond: 30 })).body;
      smsSender = (await manager('POST', '/api/v1/senders', { brandId: BRAND, channel: 'sms', provider: 'simulated', address: '+15005550006', ratePerSecond: 1 })).body;
    });

    const update = (senderId: string, body: unknown, headers = telegramHeaders()) => provider('POST', `/webhooks/telegram/${senderId}`, body, headers);
    const consentOf = async (leadId: string) => (await t.dataSource.query(`SELECT opted_out_channels, do_not_contact, version FROM leads WHERE id = $1`, [leadId]))[0];
    const leadEvents = async (leadId: string) => (await t.dataSource.query(`SELECT event_type, payload, metadata FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [leadId]));

    it.each([
      ['no secret', {}],
      ['a wrong secret', telegramHeaders('not-the-secret')],
      ['a secret that only starts right', telegramHeaders('test-telegram-webhook-secret-and-more')],
    ])('answers 401 to %s and records nothing', async (_name, headers) => {
      const before = await callbackCount();
      expectProblem(await update(bot.id, aTelegramMessage('STOP'), headers), 401, /X-Telegram-Bot-Api-Secret-Token/);
      expect(await callbackCount()).toBe(before);
    });

    it('records a message once per update, however often Telegram redelivers it', async () => {
      const message = aTelegramMessage('¿Qué precio tiene?', 8080);
      for (let i = 0; i < 3; i++) expect((await update(bot.id, message)).status).toBe(204);
      expect(await callbacks('8080')).toEqual([{
        kind: 'inbound_message', event_key: `${bot.id}:${message.update_id}`, brand_id: BRAND, delivery_id: null, status: null,
        event: expect.objectContaining({ senderId: bot.id, channel: 'telegram', from: '8080', text: '¿Qué precio tiene?', optOutKeyword: null }),
      }]);
    });

    it('acknowledges updates that are not messages without recording them', async () => {
      const before = await callbackCount();
      expect((await update(bot.id, { update_id: 1, my_chat_member: { chat: { id: 1 } } })).status).toBe(204);
      expect(await callbackCount()).toBe(before);
    });

    it('answers 404 for an unknown sender or one that is not a Telegram bot', async () => {
      expectProblem(await update('0193aaaa-0000-7000-8000-000000000000', aTelegramMessage('hola')), 404);
      expectProblem(await update(smsSender.id, aTelegramMessage('hola')), 404);
      expectProblem(await update('not-a-uuid', aTelegramMessage('hola')), 404);
    });

    it('answers 400 to a body that is not an Update, and 415 to one that is not JSON', async () => {
      expectProblem(await update(bot.id, { message: { text: 'x' } }), 400);
      expectProblem(await provider('POST', `/webhooks/telegram/${bot.id}`, 'update_id=1', { ...telegramHeaders(), 'content-type': 'application/x-www-form-urlencoded' }), 415);
    });

    it('opts the lead who shared its phone out of Telegram on STOP, once, through the lead\'s own command', async () => {
      const [lead] = await seedLeads(t.dataSource, [aLeadSeed({ brandId: BRAND, optedOutChannels: ['sms'] })]);
      const [namesake] = await seedLeads(t.dataSource, [aLeadSeed({ brandId: 'hook-gamma', phone: lead!.phone })]);
      const chat = 9101;
      const digits = lead!.phone!.slice(1);
      const stop = aTelegramMessage('STOP', chat, { contact: { phone_number: digits, user_id: chat, first_name: 'Ana' } });
      expect((await update(bot.id, stop)).status).toBe(204);
      expect((await update(bot.id, stop)).status).toBe(204);
      expect(await consentOf(lead!.id)).toEqual({ opted_out_channels: ['telegram', 'sms'], do_not_contact: false, version: 2 });
      const [optedOut] = (await leadEvents(lead!.id)).filter((e: { event_type: string }) => e.event_type === 'LeadOptedOut');
      expect(optedOut).toEqual({
        event_type: 'LeadOptedOut',
        payload: { channels: ['telegram'], reason: 'Inbound "STOP" on telegram', doNotContact: false, optedOutChannels: ['telegram', 'sms'] },
        metadata: expect.objectContaining({ actor: { sub: 'system', role: 'system' } }),
      });
      expect(await consentOf(namesake!.id)).toEqual(expect.objectContaining({ opted_out_channels: [], version: 1 }));
    });

    it('recognises the chat of an earlier shared phone when a later message says BAJA', async () => {
      const [lead] = await seedLeads(t.dataSource, [aLeadSeed({ brandId: BRAND })]);
      const chat = 9202;
      await update(bot.id, aTelegramMessage('Hola', chat, { contact: { phone_number: lead!.phone, user_id: chat } }));
      expect(await consentOf(lead!.id)).toEqual(expect.objectContaining({ opted_out_channels: [] }));
      expect((await update(bot.id, aTelegramMessage('¡Baja!', chat))).status).toBe(204);
      expect(await consentOf(lead!.id)).toEqual(expect.objectContaining({ opted_out_channels: ['telegram'] }));
    });

    it('never opts out the person behind a forwarded contact card', async () => {
      const [lead] = await seedLeads(t.dataSource, [aLeadSeed({ brandId: BRAND })]);
      const stop = aTelegramMessage('STOP', 9303, { contact: { phone_number: lead!.phone, user_id: 55 } });
      expect((await update(bot.id, stop)).status).toBe(204);
      expect(await consentOf(lead!.id)).toEqual(expect.objectContaining({ opted_out_channels: [], version: 1 }));
    });

    it('records a STOP from a chat no lead is known for, for dispatch to match later', async () => {
      expect((await update(bot.id, aTelegramMessage('stop', 9404))).status).toBe(204);
      expect(await callbacks('9404')).toEqual([expect.objectContaining({ event: expect.objectContaining({ optOutKeyword: 'STOP' }) })]);
    });
  });
});
