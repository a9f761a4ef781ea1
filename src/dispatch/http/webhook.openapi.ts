import { TWILIO_CALL_STATUSES, TWILIO_MESSAGE_STATUSES } from '../infrastructure/webhooks/twilio-callbacks.js';

// OpenAPI 3.1 description of the provider webhooks (webhook.routes.ts): outside /api/v1, no JWT,
// each provider's own proof instead. Bodies are the providers' formats, so they stay open to
// fields the providers add. Status values come from the parsers so the document cannot drift.

type Schema = Record<string, unknown>;

const ref = (kind: 'schemas' | 'headers', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const text = (description: string): Schema => ({ type: 'string', description });
const form = (s: Schema) => ({ 'application/x-www-form-urlencoded': { schema: s } });
const correlation = { 'X-Correlation-Id': ref('headers', 'CorrelationId') };
const problem = (description: string) => ({
  description,
  headers: correlation,
  content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
});

const TAGS = ['Provider webhooks'];

const TWILIO_SECURITY =
  'Verified by `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with TWILIO_AUTH_TOKEN, over the full URL Twilio called (PUBLIC_BASE_URL ' +
  'and the path and query; the request\'s own Host when PUBLIC_BASE_URL is not set) followed by every form field name and value in ' +
  'name order, compared in constant time. A missing or wrong signature, or no TWILIO_AUTH_TOKEN configured, answers 403 and ' +
  'records nothing.';

const RECORDING =
  'Each report is recorded once per (Sid, status) and answered 204 once stored: a repeat answers 204 and changes nothing more. ' +
  'The worker then applies the recorded reports, in the order of `SequenceNumber` (or `Timestamp`) per Sid, moving statuses forward only, ' +
  'so a late, out-of-order copy changes nothing. A report that overtook the recording of its send is tried again for 15 minutes, then ' +
  'kept as unmatched. `brandId` and `deliveryId` in the query are the ones the service put in the callback URL (covered by the ' +
  'signature); a report whose URL names another brand or delivery does not touch the call or message.';

const twilioQuery = [
  { name: 'brandId', in: 'query', required: false, description: 'The brand the callback URL was made for.', schema: { type: 'string' } },
  { name: 'deliveryId', in: 'query', required: false, description: 'The delivery the callback URL was made for.', schema: { type: 'string', format: 'uuid' } },
];

const twilioResponses = {
  204: { description: 'Verified and recorded (or already recorded).', headers: correlation },
  400: problem('Verified, but a required field is missing or a status is unknown.'),
  403: problem('`X-Twilio-Signature` missing or wrong.'),
  413: problem('The body exceeds 64 KB.'),
  415: problem('The body is not `application/x-www-form-urlencoded`.'),
  500: problem('Unexpected error; Twilio retries.'),
};

const signatureHeader = {
  name: 'X-Twilio-Signature',
  in: 'header',
  required: true,
  description: 'Twilio\'s signature of this request (see the operation).',
  schema: { type: 'string' },
};

export const webhookSchemas = {
  TwilioCallStatusCallback: {
    type: 'object',
    description: 'Twilio\'s call status callback (https://www.twilio.com/docs/voice/api/call-resource#statuscallback); other fields Twilio sends are kept as sent.',
    required: ['CallSid', 'CallStatus'],
    properties: {
      CallSid: text('The call.'),
      CallStatus: { type: 'string', enum: Object.keys(TWILIO_CALL_STATUSES), description: '`in-progress` is the call\'s `answered`.' },
      AccountSid: text('The account that placed the call.'),
      SequenceNumber: text('Order of this report among the call\'s reports, from 0.'),
      CallDuration: text('Seconds, on `completed`.'),
      Timestamp: text('When it happened (RFC 2822).'),
      RecordingUrl: text('Stored only as an https URL on Twilio\'s domain (twilio.com); any other is left out, the status still applied.'),
      ErrorCode: text('Twilio error code of a failed call.'),
    },
    additionalProperties: { type: 'string' },
  },
  TwilioMessageStatusCallback: {
    type: 'object',
    description: 'Twilio\'s message status callback (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status); the older `SmsSid`/`SmsStatus` names are read too.',
    required: ['MessageSid', 'MessageStatus'],
    properties: {
      MessageSid: text('The message.'),
      MessageStatus: { type: 'string', enum: Object.keys(TWILIO_MESSAGE_STATUSES) },
      AccountSid: text('The account that sent the message.'),
      ErrorCode: text('Twilio error code of a failed or undelivered message; it decides whether a retry may help.'),
    },
    additionalProperties: { type: 'string' },
  },
  TelegramUpdate: {
    type: 'object',
    description: 'A Telegram Update (https://core.telegram.org/bots/api#update). Only `message` is acted on; other updates are acknowledged and ignored.',
    required: ['update_id'],
    properties: {
      update_id: { type: 'integer' },
      message: {
        type: 'object',
        description: 'An inbound message. A text (or caption) that is a STOP-type keyword (STOP, UNSUBSCRIBE, BAJA, PARAR, SAIR…) opts the lead out of Telegram.',
        required: ['chat'],
        properties: {
          message_id: { type: 'integer' },
          date: { type: 'integer', description: 'Unix time.' },
          text: { type: 'string' },
          chat: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
          contact: {
            type: 'object',
            description: 'A shared contact; when it is the writer\'s own phone number, it identifies the lead.',
            properties: { phone_number: { type: 'string' }, user_id: { type: 'integer' } },
          },
        },
      },
    },
  },
};

export const webhookPaths = {
  '/webhooks/twilio/call-status': {
    post: {
      operationId: 'twilioCallStatus',
      summary: 'Twilio call status callback',
      description:
        `Progress of a call placed through Twilio (StatusCallback): moves the voice call (\`GET /api/v1/calls/{id}\`) and records its ` +
        `events; \`RecordingUrl\` is stored only as an https URL on twilio.com. ${TWILIO_SECURITY} ${RECORDING}`,
      tags: TAGS,
      security: [],
      parameters: [signatureHeader, ...twilioQuery, { $ref: '#/components/parameters/CorrelationId' }],
      requestBody: { required: true, content: form(ref('schemas', 'TwilioCallStatusCallback')) },
      responses: twilioResponses,
    },
  },
  '/webhooks/twilio/message-status': {
    post: {
      operationId: 'twilioMessageStatus',
      summary: 'Twilio message status callback',
      description:
        'Progress of an SMS or WhatsApp message sent through Twilio (StatusCallback): moves the delivery\'s `outcome` (sent, delivered, ' +
        `read, or undelivered/failed while not yet delivered) and records DeliveryOutcomeReported. ${TWILIO_SECURITY} ${RECORDING}`,
      tags: TAGS,
      security: [],
      parameters: [signatureHeader, ...twilioQuery, { $ref: '#/components/parameters/CorrelationId' }],
      requestBody: { required: true, content: form(ref('schemas', 'TwilioMessageStatusCallback')) },
      responses: twilioResponses,
    },
  },
  '/webhooks/telegram/{senderId}': {
    parameters: [{
      name: 'senderId',
      in: 'path',
      required: true,
      description: 'The Telegram sender whose bot this webhook was set for (setWebhook with this URL and `secret_token`).',
      schema: { type: 'string', format: 'uuid' },
    }],
    post: {
      operationId: 'telegramUpdate',
      summary: 'Telegram bot update',
      description:
        'Messages written to a Telegram sender\'s bot. Verified by `X-Telegram-Bot-Api-Secret-Token`, which must equal TELEGRAM_WEBHOOK_SECRET ' +
        '(compared in constant time) before the body is read; missing, wrong, or no secret configured answers 401 and records nothing. ' +
        'Each update is recorded once per (sender, `update_id`): Telegram\'s redeliveries answer 204 and change nothing more. A STOP-type ' +
        'message opts the lead out of Telegram in the same transaction; the lead is found by the phone number the writer shared in that chat.',
      tags: TAGS,
      security: [],
      parameters: [
        { name: 'X-Telegram-Bot-Api-Secret-Token', in: 'header', required: true, description: 'The webhook\'s secret token.', schema: { type: 'string' } },
        { $ref: '#/components/parameters/CorrelationId' },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', 'TelegramUpdate') } } },
      responses: {
        204: { description: 'Verified and handled (or already handled, or not a message).', headers: correlation },
        400: problem('Verified, but the body is not a Telegram Update (or not JSON).'),
        401: problem('`X-Telegram-Bot-Api-Secret-Token` missing or wrong.'),
        404: problem('No Telegram sender has this id.'),
        413: problem('The body exceeds 64 KB.'),
        415: problem('The body is not `application/json`.'),
        500: problem('Unexpected error; Telegram retries.'),
      },
    },
  },
};
