import { createTransport, type Mail, type NodemailerError, type SMTPPoolOptions, type SMTPPoolSentMessageInfo } from 'nodemailer';
import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../application/channel-gateway.js';
import type { ProviderErrorKind } from '../../domain/provider-error.js';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from './provider-http.js';

export interface SmtpGatewayOptions {
  /** nodemailer connection URL (SMTP_URL). */
  readonly url: string;
  readonly timeoutMs?: number;
}

/** RFC 3463 enhanced status `class.subject.detail`: subject 1 is the address, 7 security or policy. */
const ENHANCED_STATUS = /\b[245]\.(\d{1,3})\.\d{1,3}\b/;
/** Basic replies about the mailbox itself: no such user (550, 551), bad mailbox name (553), bad address syntax (501). */
const ADDRESS_REPLIES = new Set([501, 550, 551, 553]);
const SUBJECT_MAX = 78;

/**
 * What an SMTP refusal means. A 5xx reply is permanent: about the address (`5.1.x`, or a
 * mailbox reply) it is `invalid_number`, the address-level "wrong number"; otherwise (policy,
 * spam, `5.7.x`) `blocked`. A 4xx reply is transient. Without a reply: a connection that timed
 * out is `timeout`, anything else (refused connection, TLS, our credentials) `unavailable`.
 */
function errorKind(error: NodemailerError): ProviderErrorKind {
  const reply = error.responseCode;
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') return 'unavailable';
  if (reply === undefined) return error.code === 'ETIMEDOUT' ? 'timeout' : 'unavailable';
  if (error.permanent ?? reply >= 500) {
    const subject = ENHANCED_STATUS.exec(error.response ?? '')?.[1];
    if (subject !== undefined) return subject === '1' ? 'invalid_number' : 'blocked';
    return ADDRESS_REPLIES.has(reply) ? 'invalid_number' : 'blocked';
  }
  // 4xx (and 503, whose session was in the wrong state): the same message may pass later.
  return 'unavailable';
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The plain-text alternative of the HTML-escaped text the script renderer produced for email. */
function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity]!);
}

function subjectOf(plain: string): string {
  const line = plain.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return [...line].length > SUBJECT_MAX ? `${[...line].slice(0, SUBJECT_MAX - 1).join('')}…` : line;
}

/**
 * Email through any SMTP server (nodemailer, pooled connections). The body is the rendered
 * script: HTML-escaped text, sent as HTML that keeps its line breaks, with the same text as the
 * plain alternative.
 *
 * Idempotency: SMTP has no idempotency key. The Message-ID is derived from the attempt's key
 * (`<key@sender's domain>`), so a message sent twice after a crash between the server's
 * acceptance and the recorded outcome is the same message to mail clients and to receiving
 * servers that deduplicate by Message-ID; the window of a second copy stays open otherwise.
 */
export class SmtpGateway implements ChannelGateway {
  readonly #transport: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

  constructor(options: SmtpGatewayOptions) {
    const timeout = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.#transport = createTransport({ url: options.url, pool: true, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  async send(request: ChannelSendRequest): Promise<SendResult> {
    if (request.channel !== 'email') throw new RangeError(`SMTP does not send on ${request.channel}`);
    const domain = request.sender.address.slice(request.sender.address.lastIndexOf('@') + 1);
    const messageId = `<${request.idempotencyKey}@${domain}>`;
    const plain = unescapeHtml(request.text);
    try {
      await this.#transport.sendMail({
        from: request.sender.address,
        to: request.to,
        subject: request.subject ?? subjectOf(plain),
        text: plain,
        html: `<div style="white-space: pre-line">${request.text}</div>`,
        messageId,
        envelope: { from: request.sender.address, to: [request.to] },
      });
    } catch (error) {
      const failure = error as NodemailerError;
      throw new ProviderError(errorKind(failure), `The SMTP server refused the message: ${failure.response ?? failure.message}`, {
        providerCode: String(failure.responseCode ?? failure.code ?? 'unknown'),
      });
    }
    return { providerRef: messageId, status: 'accepted' };
  }

  /** Closes the pooled connections. */
  close(): void {
    this.#transport.close();
  }
}
