import { ProviderError, type ChannelSendRequest } from '../../../src/dispatch/application/channel-gateway.js';
import { TwilioGateway } from '../../../src/dispatch/infrastructure/gateways/twilio-gateway.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';
import { aSendRequest } from '../../unit/dispatch/channel-request.mother.js';
import { closedPort } from '../../support/closed-port.js';

const PUBLIC = 'https://campaigns.example.com';
const FROM = '+15005550006';

describe('TwilioGateway against a local Twilio', () => {
  let twilio: FakeTwilio;
  let gateway: TwilioGateway;
  const settings = () => ({ accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.baseUrl });
  const call = (overrides: Partial<ChannelSendRequest> = {}) =>
    aSendRequest({ channel: 'call', sender: { address: FROM, provider: 'twilio' }, text: 'Hola Ana, Smith &amp; Co llama', ...overrides });
  const sms = (overrides: Partial<ChannelSendRequest> = {}) => aSendRequest({ channel: 'sms', sender: { address: FROM, provider: 'twilio' }, ...overrides });
  const errorOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a ProviderError'); }, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    gateway = new TwilioGateway({ settings: settings(), publicBaseUrl: PUBLIC });
  });
  afterAll(async () => { await twilio.close(); });
  beforeEach(() => { twilio.requests.length = 0; twilio.delayMs = 0; });

  it('places a call with Basic auth, the script as TwiML, every status callback and the idempotency token', async () => {
    const request = call();
    const result = await gateway.send(request);
    expect(result).toEqual({ providerRef: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'accepted' });
    const [sent] = twilio.requests;
    expect(sent).toEqual({
      path: `/2010-04-01/Accounts/${twilio.accountSid}/Calls.json`,
      authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
      idempotencyToken: request.idempotencyKey,
      contentType: 'application/x-www-form-urlencoded',
      form: {
        To: '+573001234567',
        From: FROM,
        Twiml: '<Response><Say>Hola Ana, Smith &amp; Co llama</Say></Response>',
        StatusCallback: `${PUBLIC}/webhooks/twilio/call-status?brandId=acme&deliveryId=${request.deliveryId}`,
        StatusCallbackMethod: 'POST',
        StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      },
    });
  });

  it('hands the call to the voice agent\'s TwiML URL when one is configured', async () => {
    const withAgent = new TwilioGateway({ settings: { ...settings(), voiceUrl: 'https://agent.example.com/twiml' }, publicBaseUrl: PUBLIC });
    const request = call();
    await withAgent.send(request);
    const { form } = twilio.requests[0]!;
    expect(form.Url).toBe(`https://agent.example.com/twiml?brandId=acme&deliveryId=${request.deliveryId}`);
    expect(form.Twiml).toBeUndefined();
  });

  it('sends an SMS with its body and the message status callback', async () => {
    const request = sms({ text: 'Hola Ana: 20% off' });
    expect((await gateway.send(request)).providerRef).toMatch(/^SM[0-9a-f]{32}$/);
    const [sent] = twilio.requests;
    expect(sent!.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(sent!.form).toEqual({
      To: '+573001234567', From: FROM, Body: 'Hola Ana: 20% off',
      StatusCallback: `${PUBLIC}/webhooks/twilio/message-status?brandId=acme&deliveryId=${request.deliveryId}`,
    });
  });

  it('addresses both ends of a WhatsApp message on WhatsApp', async () => {
    await gateway.send(sms({ channel: 'whatsapp' }));
    expect(twilio.requests[0]!.form).toEqual(expect.objectContaining({ To: 'whatsapp:+573001234567', From: `whatsapp:${FROM}` }));
  });

  it('uses the request\'s own callback URL, and asks for none when there is no public URL either', async () => {
    await gateway.send(sms({ callbackUrl: 'https://hooks.example.com/status?x=1' }));
    expect(twilio.requests[0]!.form.StatusCallback).toBe('https://hooks.example.com/status?x=1');
    await new TwilioGateway({ settings: settings() }).send(call());
    expect(twilio.requests[1]!.form).not.toHaveProperty('StatusCallback');
    expect(twilio.requests[1]!.form).not.toHaveProperty('StatusCallbackEvent');
  });

  it('sends a retried attempt with the same idempotency token', async () => {
    const request = sms();
    await gateway.send(request);
    await gateway.send(request);
    expect(twilio.requests.map((r) => r.idempotencyToken)).toEqual([request.idempotencyKey, request.idempotencyKey]);
  });

  describe('error codes', () => {
    it.each([
      ['+15005550001', 'invalid_number', '21211', false],
      ['+15005550002', 'blocked', '21612', false],
      ['+15005550003', 'blocked', '21408', false],
      ['+15005550004', 'opted_out', '21610', false],
      ['+15005550009', 'invalid_number', '21614', false],
      ['12345', 'invalid_number', '21211', false],
    ])('an SMS to %s is %s (code %s, retryable %s)', async (to, kind, code, retryable) => {
      const error = await errorOf(gateway.send(sms({ to })));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toEqual(expect.objectContaining({ kind, providerCode: code, retryable }));
      expect(error.message).toMatch(/Twilio refused the request: .+/);
    });

    it('a call to an invalid number is invalid_number', async () => {
      expect(await errorOf(gateway.send(call({ to: '+15005550001' })))).toEqual(expect.objectContaining({ kind: 'invalid_number', retryable: false }));
    });

    it('429 is rate_limited, transient, with the Retry-After asked for', async () => {
      twilio.failNext(429, { code: 20429, message: 'Too Many Requests', status: 429 }, { 'Retry-After': '7' });
      expect(await errorOf(gateway.send(sms()))).toEqual(expect.objectContaining({ kind: 'rate_limited', retryable: true, providerCode: '20429', retryAfterMs: 7000 }));
    });

    it('a 429 without a code is still rate_limited', async () => {
      twilio.failNext(429, {});
      expect(await errorOf(gateway.send(sms()))).toEqual(expect.objectContaining({ kind: 'rate_limited', providerCode: '429' }));
    });

    it.each([500, 502, 503])('HTTP %s is unavailable, transient', async (status) => {
      twilio.failNext(status, { code: 20500, message: 'Internal Server Error', status });
      expect(await errorOf(gateway.send(sms()))).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
    });

    it('wrong credentials are unavailable (our configuration, not the contact)', async () => {
      const wrong = new TwilioGateway({ settings: { ...settings(), authToken: 'wrong' } });
      expect(await errorOf(wrong.send(sms()))).toEqual(expect.objectContaining({ kind: 'unavailable', providerCode: '20003' }));
    });

    it('an unknown refusal is not retried: the same request would be refused again', async () => {
      twilio.failNext(400, { code: 21999, message: 'Something new', status: 400 });
      expect(await errorOf(gateway.send(sms()))).toEqual(expect.objectContaining({ kind: 'blocked', retryable: false, providerCode: '21999' }));
    });

    it('an answer slower than the timeout is a timeout, transient', async () => {
      twilio.delayMs = 500;
      const impatient = new TwilioGateway({ settings: settings(), timeoutMs: 50 });
      expect(await errorOf(impatient.send(sms()))).toEqual(expect.objectContaining({ kind: 'timeout', retryable: true }));
    });

    it('a Twilio that cannot be reached is unavailable', async () => {
      const nowhere = new TwilioGateway({ settings: { ...settings(), apiBaseUrl: `http://127.0.0.1:${await closedPort()}` } });
      const error = await errorOf(nowhere.send(sms()));
      expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
      expect(error.message).toMatch(/ECONNREFUSED/);
    });
  });

  it('refuses channels Twilio does not carry as a bug, not a provider error', async () => {
    await expect(gateway.send(sms({ channel: 'email' }))).rejects.toThrow(RangeError);
    expect(twilio.requests).toEqual([]);
  });
});
