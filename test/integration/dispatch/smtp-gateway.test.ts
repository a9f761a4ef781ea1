import { ProviderError, type ChannelSendRequest } from '../../../src/dispatch/application/channel-gateway.js';
import { SmtpGateway } from '../../../src/dispatch/infrastructure/gateways/smtp-gateway.js';
import { headerOf, SMTP_PASS, SMTP_USER, startLocalSmtpServer, type LocalSmtpServer } from '../../support/local-smtp-server.js';
import { aSendRequest } from '../../unit/dispatch/channel-request.mother.js';
import { closedPort } from '../../support/closed-port.js';

describe('SmtpGateway against a real SMTP server', () => {
  let smtp: LocalSmtpServer;
  let gateway: SmtpGateway;
  const gateways: SmtpGateway[] = [];
  const email = (overrides: Partial<ChannelSendRequest> = {}) => aSendRequest({
    channel: 'email',
    sender: { address: 'offers@acme.example', provider: 'smtp' },
    to: 'ana@example.com',
    text: 'Hola Ana,\nSmith &amp; Co tiene &lt;50%&gt; de descuento',
    ...overrides,
  });
  const connect = (url: string, timeoutMs?: number) => {
    const g = new SmtpGateway({ url, ...(timeoutMs && { timeoutMs }) });
    gateways.push(g);
    return g;
  };
  const errorOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a ProviderError'); }, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
    smtp.rejectRecipient('nobody@example.com', 550, '5.1.1 <nobody@example.com>: Recipient address rejected: User unknown');
    smtp.rejectRecipient('spam-trap@example.com', 550, '5.7.1 Message rejected as spam');
    smtp.rejectRecipient('policy@example.com', 554, 'Transaction failed');
    smtp.rejectRecipient('gone@example.com', 551, 'User not local');
    smtp.rejectRecipient('full@example.com', 452, '4.2.2 Mailbox full');
    smtp.rejectRecipient('greylisted@example.com', 450, '4.7.1 Greylisted, try again later');
    gateway = connect(smtp.url({ user: SMTP_USER, pass: SMTP_PASS }));
  });
  afterAll(async () => {
    for (const g of gateways) g.close();
    await smtp.close();
  });
  beforeEach(() => { smtp.received.length = 0; });

  it('delivers the message with the envelope, the Message-ID of the attempt\'s key and both bodies', async () => {
    const request = email({ subject: 'Oferta para Ana' });
    const result = await gateway.send(request);
    const messageId = `<${request.idempotencyKey}@acme.example>`;
    expect(result).toEqual({ providerRef: messageId, status: 'accepted' });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toEqual(expect.objectContaining({ mailFrom: 'offers@acme.example', rcptTo: ['ana@example.com'], user: SMTP_USER }));
    expect(headerOf(mail!.raw, 'Message-ID')).toBe(messageId);
    expect(headerOf(mail!.raw, 'From')).toBe('offers@acme.example');
    expect(headerOf(mail!.raw, 'To')).toBe('ana@example.com');
    expect(headerOf(mail!.raw, 'Subject')).toBe('Oferta para Ana');
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail!.raw).toContain('Smith & Co tiene <50%> de descuento');
    expect(mail!.raw).toMatch(/Content-Type: text\/html/);
    expect(mail!.raw.replace(/=\r?\n/g, '')).toContain('Smith &amp; Co tiene &lt;50%&gt; de descuento');
  });

  it('makes the first line the subject when the request has none', async () => {
    await gateway.send(email());
    expect(headerOf(smtp.received[0]!.raw, 'Subject')).toBe('Hola Ana,');
  });

  it('sends a retried attempt with the same Message-ID, so receivers see one message', async () => {
    const request = email();
    await gateway.send(request);
    await gateway.send(request);
    const ids = smtp.received.map((m) => headerOf(m.raw, 'Message-ID'));
    expect(ids).toEqual([`<${request.idempotencyKey}@acme.example>`, `<${request.idempotencyKey}@acme.example>`]);
  });

  it('sends without authentication when the URL carries no credentials', async () => {
    await connect(smtp.url()).send(email());
    expect(smtp.received[0]!.user).toBeUndefined();
  });

  describe('refusals', () => {
    it.each([
      ['nobody@example.com', 'invalid_number', '550', false],
      ['gone@example.com', 'invalid_number', '551', false],
      ['spam-trap@example.com', 'blocked', '550', false],
      ['policy@example.com', 'blocked', '554', false],
      ['full@example.com', 'unavailable', '452', true],
      ['greylisted@example.com', 'unavailable', '450', true],
    ])('RCPT TO %s is %s (reply %s, retryable %s)', async (to, kind, code, retryable) => {
      const error = await errorOf(gateway.send(email({ to })));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toEqual(expect.objectContaining({ kind, providerCode: code, retryable }));
      expect(smtp.received).toEqual([]);
    });

    it('wrong credentials are unavailable (our configuration, not the contact)', async () => {
      const error = await errorOf(connect(smtp.url({ user: SMTP_USER, pass: 'wrong' })).send(email()));
      expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
    });

    it('a server that cannot be reached is unavailable', async () => {
      const error = await errorOf(connect(`smtp://127.0.0.1:${await closedPort()}`, 2000).send(email()));
      expect(error).toEqual(expect.objectContaining({ kind: 'unavailable', retryable: true }));
    });
  });
});
