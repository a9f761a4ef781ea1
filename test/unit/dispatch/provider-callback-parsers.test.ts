import { ValidationError } from '../../../seedwork/domain/index.js';
import { callbackTarget, callStatusEvent, messageStatusEvent } from '../../../src/dispatch/infrastructure/webhooks/twilio-callbacks.js';
import { inboundMessageEvent } from '../../../src/dispatch/infrastructure/webhooks/telegram-updates.js';
import { aSenderState } from './sender.mother.js';

const DELIVERY = '01935a4e-7c00-7000-8000-0000000000dd';
const target = { brandId: 'acme', deliveryId: DELIVERY };

describe('Twilio call status callbacks', () => {
  const params = (overrides: Record<string, string> = {}) => ({ CallSid: 'CA42', CallStatus: 'completed', ...overrides });

  it.each([
    ['queued', 'initiated'], ['initiated', 'initiated'], ['ringing', 'ringing'], ['in-progress', 'answered'],
    ['completed', 'completed'], ['busy', 'busy'], ['no-answer', 'no_answer'], ['failed', 'failed'], ['canceled', 'cancelled'],
  ])('reads CallStatus %s as %s', (twilio, status) => {
    expect(callStatusEvent(params({ CallStatus: twilio }), target)).toEqual(expect.objectContaining({ status, providerStatus: twilio, eventKey: `CA42:${twilio}` }));
  });

  it('keeps what the report says, with the target from the signed URL', () => {
    const event = callStatusEvent(params({
      SequenceNumber: '3', CallDuration: '47', Timestamp: 'Mon, 23 Nov 2026 10:00:05 +0000',
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', ErrorCode: '',
    }), target);
    expect(event).toEqual({
      provider: 'twilio', eventKey: 'CA42:completed', brandId: 'acme', deliveryId: DELIVERY,
      occurredAt: new Date('2026-11-23T10:00:05.000Z'),
      raw: expect.objectContaining({ CallSid: 'CA42', CallDuration: '47' }),
      providerCallId: 'CA42', status: 'completed', providerStatus: 'completed', sequenceNumber: 3, durationSeconds: 47,
      recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', errorCode: null,
    });
  });

  it('leaves out numbers and times it cannot read rather than guessing', () => {
    expect(callStatusEvent(params({ SequenceNumber: 'x', CallDuration: '-1', Timestamp: 'yesterday' }), target))
      .toEqual(expect.objectContaining({ sequenceNumber: null, durationSeconds: null, occurredAt: null }));
  });

  it.each([
    [{ CallStatus: 'completed' }, 'CallSid'],
    [{ CallSid: 'CA42' }, 'CallStatus'],
    [{ CallSid: 'CA42', CallStatus: 'answered' }, 'CallStatus'],
    [{ CallSid: 'CA42', CallStatus: 'toString' }, 'CallStatus'],
  ])('refuses %j (field %s)', (body, field) => {
    expect(() => callStatusEvent(body, target)).toThrow(ValidationError);
    try {
      callStatusEvent(body, target);
    } catch (error) {
      expect((error as ValidationError).errors.map((e) => e.field)).toEqual([field]);
    }
  });
});

describe('Twilio message status callbacks', () => {
  it.each([
    ['accepted', 'queued'], ['queued', 'queued'], ['sending', 'queued'], ['sent', 'sent'], ['delivered', 'delivered'],
    ['read', 'read'], ['undelivered', 'undelivered'], ['failed', 'failed'], ['canceled', 'cancelled'],
  ])('reads MessageStatus %s as %s', (twilio, status) => {
    expect(messageStatusEvent({ MessageSid: 'SM1', MessageStatus: twilio }, target)).toEqual(expect.objectContaining({ status, eventKey: `SM1:${twilio}` }));
  });

  it.each([
    ['30005', 'invalid_number'], ['30006', 'invalid_number'], ['21610', 'opted_out'], ['30007', 'blocked'],
    ['30003', 'unavailable'], ['30008', 'unavailable'], ['39999', 'unavailable'],
  ])('says what ErrorCode %s of an undelivered message means: %s', (code, kind) => {
    expect(messageStatusEvent({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: code }, target)).toEqual(expect.objectContaining({ errorCode: code, errorKind: kind }));
  });

  it('has no error kind for a message that did not fail', () => {
    expect(messageStatusEvent({ MessageSid: 'SM1', MessageStatus: 'delivered', ErrorCode: '30008' }, target).errorKind).toBeNull();
  });

  it('reads the older SmsSid and SmsStatus names', () => {
    expect(messageStatusEvent({ SmsSid: 'SM9', SmsStatus: 'sent' }, target)).toEqual(expect.objectContaining({ providerMessageId: 'SM9', status: 'sent' }));
  });

  it('names the missing fields by their current names', () => {
    expect(() => messageStatusEvent({}, target)).toThrow(/MessageSid/);
    expect(() => messageStatusEvent({ MessageSid: 'SM1' }, target)).toThrow(/MessageStatus/);
  });
});

describe('callbackTarget', () => {
  it('takes a brand and a delivery UUID from the query, and nothing else', () => {
    expect(callbackTarget({ brandId: 'acme', deliveryId: DELIVERY, other: 'x' })).toEqual(target);
    expect(callbackTarget({ brandId: '', deliveryId: 'not-a-uuid' })).toEqual({ brandId: null, deliveryId: null });
    expect(callbackTarget({ brandId: ['a', 'b'] })).toEqual({ brandId: null, deliveryId: null });
  });
});

describe('Telegram updates', () => {
  const bot = aSenderState({ channel: 'telegram', provider: 'telegram', address: 'AcmeBot' });
  const update = (message: Record<string, unknown> | undefined, updateId = 77) => ({
    update_id: updateId,
    ...(message && { message: { message_id: 5, date: 1_795_428_000, chat: { id: 4242, type: 'private' }, from: { id: 4242 }, ...message } }),
  });

  it('reads a text message as an inbound message of the sender\'s brand', () => {
    expect(inboundMessageEvent(update({ text: 'Hola' }), bot)).toEqual({
      provider: 'telegram', eventKey: `${bot.id}:77`, brandId: 'acme', deliveryId: null,
      occurredAt: new Date(1_795_428_000_000), raw: expect.objectContaining({ update_id: 77 }),
      channel: 'telegram', senderId: bot.id, from: '4242', fromPhone: null, text: 'Hola', optOutKeyword: null,
    });
  });

  it.each([['STOP', 'STOP'], ['Baja por favor', 'BAJA'], ['¡Parar!', 'PARAR'], ['stopwatch', null], ['no quiero parar', null]])(
    'finds the opt-out keyword of %j: %s',
    (text, keyword) => {
      expect(inboundMessageEvent(update({ text }), bot)?.optOutKeyword).toBe(keyword);
    },
  );

  it('reads a caption when there is no text', () => {
    expect(inboundMessageEvent(update({ caption: 'stop' }), bot)?.optOutKeyword).toBe('STOP');
  });

  it('takes a shared phone number only when it is the writer\'s own', () => {
    const own = update({ contact: { phone_number: '573001234567', user_id: 4242 } });
    expect(inboundMessageEvent(own, bot)?.fromPhone).toBe('+573001234567');
    const forwarded = update({ contact: { phone_number: '573009999999', user_id: 777 } });
    expect(inboundMessageEvent(forwarded, bot)?.fromPhone).toBeNull();
    const garbage = update({ contact: { phone_number: 'call me', user_id: 4242 } });
    expect(inboundMessageEvent(garbage, bot)?.fromPhone).toBeNull();
  });

  it('ignores updates that are not a new message', () => {
    expect(inboundMessageEvent({ update_id: 1, edited_message: { text: 'STOP' } }, bot)).toBeNull();
    expect(inboundMessageEvent({ update_id: 2, my_chat_member: {} }, bot)).toBeNull();
  });

  it.each([[null], [[]], [{}], [{ update_id: '7' }], [{ update_id: 7, message: { text: 'x' } }]])('refuses %j', (body) => {
    expect(() => inboundMessageEvent(body, bot)).toThrow(ValidationError);
  });
});
