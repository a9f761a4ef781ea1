import { SenderEventType } from '../domain/sender-events.js';
import {
  MAX_DAILY_CAP, MAX_RATE_PER_SECOND, PROVIDER_CHANNELS, SENDER_CHANNELS, SENDER_PROVIDERS, SENDER_STATUSES,
} from '../domain/sender-state.js';
import { type Schema, ref, schema, json, errors, READ_ERRORS, BODY_ERRORS, correlation, versioned, replayable } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the sender routes (sender.routes.ts). Enums, provider pairs and
// bounds come from the domain so the document cannot drift from the code. Shared components
// (Problem, error responses, If-Match...) are named by `$ref` only.

const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const instant = (): Schema => ({ type: 'string', format: 'date-time' });
const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');

const PAIRS = SENDER_PROVIDERS.map((provider) => `\`${provider}\`: ${codeList(PROVIDER_CHANNELS[provider])}`).join('; ');

const ADDRESS =
  'The identity on its channel, stored in canonical form: `call`, `sms`: a phone number in international form, returned in E.164 ' +
  '(`+573001234567`); `whatsapp`: the same, `whatsapp:+573001234567` also accepted (stored without the prefix); `telegram`: the bot ' +
  'username (`@AcmeBot`, 5 to 32 characters ending in "bot", stored without `@`) or the bot\'s numeric id; `email`: an email address ' +
  '(domain lower-cased). Unique per brand and channel (a duplicate answers 409).';

const rate = {
  type: 'number',
  exclusiveMinimum: 0,
  maximum: MAX_RATE_PER_SECOND,
  description: 'Sends per second the provider allows this sender; decimals allowed (`0.5`: one every two seconds). Dispatch keeps every worker together under it.',
  examples: [10],
};
const cap = { type: ['integer', 'null'], minimum: 1, maximum: MAX_DAILY_CAP, description: 'Sends per UTC day; null: no cap.' };
const provider = { ...schema('SenderProvider') };

export const senderSchemas = {
  SenderChannel: { type: 'string', enum: [...SENDER_CHANNELS] },
  SenderProvider: {
    type: 'string',
    enum: [...SENDER_PROVIDERS],
    description:
      `Who carries the sender's sends. Each provider carries some channels only: ${PAIRS}. Credentials come from the service's ` +
      'configuration (TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN, TELEGRAM_BOT_TOKENS or TELEGRAM_BOT_TOKEN, SMTP_URL), never from this API, and ' +
      'are never returned. Sends through a provider the service is not configured for fail as `unavailable` and are retried.',
  },
  SenderStatus: {
    type: 'string',
    enum: [...SENDER_STATUSES],
    description: '`disabled`: kept, but dispatch sends nothing through it. Set with PATCH (a switch the client owns, unlike lifecycle statuses).',
  },
  Sender: {
    type: 'object',
    description: `One outbound identity of a brand on one channel. Events: ${codeList(Object.values(SenderEventType))} (topic \`sender-events\`).`,
    required: ['id', 'brandId', 'channel', 'provider', 'address', 'ratePerSecond', 'dailyCap', 'status', 'version', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      brandId: { type: 'string' },
      channel: schema('SenderChannel'),
      provider,
      address: { type: 'string', description: ADDRESS, examples: ['+573001234567'] },
      ratePerSecond: rate,
      dailyCap: cap,
      status: schema('SenderStatus'),
      version: { type: 'integer', minimum: 1, description: 'Also the `ETag`.' },
      createdAt: instant(),
      updatedAt: instant(),
    },
  },
  SenderList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('Sender') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  CreateSenderRequest: closed({
    type: 'object',
    description: 'A new sender starts `active`.',
    required: ['brandId', 'channel', 'provider', 'address', 'ratePerSecond'],
    properties: {
      brandId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'A brand the token holds (otherwise 403).', examples: ['acme'] },
      channel: schema('SenderChannel'),
      provider,
      address: { type: 'string', description: ADDRESS },
      ratePerSecond: rate,
      dailyCap: { ...cap, description: 'Sends per UTC day; null or absent: no cap.' },
    },
  }),
  UpdateSenderRequest: closed({
    type: 'object',
    description: 'Fields to change; `channel` and `brandId` never change (400). Values equal to the current ones change nothing (no new version).',
    properties: {
      provider: { ...provider, description: 'Must carry the sender\'s channel.' },
      address: { type: 'string', description: ADDRESS },
      ratePerSecond: rate,
      dailyCap: cap,
      status: schema('SenderStatus'),
    },
  }),
};

const TAGS = ['Senders'];

const senderResponse = (description: string, headers: Schema = {}) => ({
  description,
  headers: { ...versioned, ...headers },
  content: json(schema('Sender')),
});

const senderId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Sender id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const filter = (name: string, schemaName: string, description: string) => ({ name, in: 'query', required: false, description, schema: schema(schemaName) });

const BASE = '/api/v1/senders';

export const senderPaths = {
  [BASE]: {
    post: {
      operationId: 'createSender',
      summary: 'Create a sender',
      description: 'Adds an outbound identity to a brand. The same brand, channel and address twice answers 409.',
      tags: TAGS,
      parameters: [ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')],
      requestBody: { required: true, content: json(schema('CreateSenderRequest')) },
      responses: {
        201: senderResponse('Created, `active`.', { Location: ref('headers', 'Location'), ...replayable }),
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 409, 422),
      },
    },
    get: {
      operationId: 'listSenders',
      summary: 'List senders',
      description:
        'Senders of the token\'s brands, newest first. A `brandId` the token does not hold yields an empty list. ' +
        'Unknown or repeated query parameters answer 400.',
      tags: TAGS,
      parameters: [
        { name: 'brandId', in: 'query', required: false, schema: { type: 'string' } },
        filter('channel', 'SenderChannel', 'Only senders on this channel.'),
        filter('provider', 'SenderProvider', 'Only senders of this provider.'),
        filter('status', 'SenderStatus', 'Only senders in this status.'),
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('SenderList')) },
        ...errors(400, ...READ_ERRORS),
      },
    },
  },
  [`${BASE}/{id}`]: {
    parameters: [senderId],
    get: {
      operationId: 'getSender',
      summary: 'Read a sender',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: senderResponse('The sender; `ETag` is its version.'),
        ...errors(...READ_ERRORS, 404),
      },
    },
    patch: {
      operationId: 'updateSender',
      summary: 'Change a sender',
      description: 'Changes provider, address, limits or status. An address another sender of the brand has on the channel answers 409.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      requestBody: { required: true, content: json(schema('UpdateSenderRequest')) },
      responses: {
        200: senderResponse('The sender after the change.'),
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 404, 409, 412),
      },
    },
    delete: {
      operationId: 'deleteSender',
      summary: 'Delete a sender',
      description: 'The sender then answers 404; its events stay in the event log. To stop sending through it but keep it, PATCH `status` to `disabled`.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      responses: {
        204: { description: 'Deleted.', headers: correlation },
        ...errors(...READ_ERRORS, 403, 404, 412),
      },
    },
  },
};
