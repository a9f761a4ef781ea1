import { LEAD_STAGES } from '../../audience/index.js';
import { MAX_SUMMARY_CHARACTERS } from '../domain/call-summary.js';
import { MAX_LINE_CHARACTERS, MAX_TRANSCRIPT_LINES } from '../domain/transcript.js';
import { VoiceCallEventType } from '../domain/voice-call-events.js';
import { CALL_ATTACHMENT_STATUSES } from '../domain/voice-call-lifecycle.js';
import { CALL_STATUSES, TRANSCRIPT_SPEAKERS } from '../domain/voice-call-state.js';
import {
  type Schema, ref, schema, json, errors, READ_ERRORS, BODY_ERRORS, correlation, versioned, replayable,
} from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the voice call routes (voice-call.routes.ts). Enums and bounds come
// from the domain so the document cannot drift from the code.

const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');
const nullableInstant = (description: string) => ({ type: ['string', 'null'], format: 'date-time', description });

const TAGS = ['Voice calls'];

const ENDED = codeList(CALL_ATTACHMENT_STATUSES.summary);

const line = {
  type: 'object',
  required: ['speaker', 'text', 'offsetSeconds'],
  properties: {
    speaker: { type: 'string', enum: [...TRANSCRIPT_SPEAKERS] },
    text: { type: 'string', minLength: 1, maxLength: MAX_LINE_CHARACTERS },
    offsetSeconds: { type: 'number', minimum: 0, description: 'From the start of the conversation; never before the previous line\'s.' },
    confidence: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'Speech-to-text confidence; null (or absent) when there is none.' },
  },
};

const outcome = {
  type: 'object',
  properties: {
    stageChange: { type: ['string', 'null'], enum: [...LEAD_STAGES, null], description: 'The lead\'s stage after the call; null: unchanged.' },
    scoreDelta: { type: ['integer', 'null'], minimum: -100, maximum: 100, description: 'How much the lead\'s score moves; null: unchanged.' },
  },
};

export const voiceCallSchemas = {
  VoiceCallStatus: {
    type: 'string',
    enum: [...CALL_STATUSES],
    description:
      'Moved by the provider\'s status callbacks, forward only: a repeated, late or contradictory report changes nothing. ' +
      '`completed`, `failed`, `no_answer`, `busy` and `cancelled` are final.',
  },
  TranscriptLine: line,
  CallOutcome: { ...outcome, required: ['stageChange', 'scoreDelta'] },
  VoiceCall: {
    type: 'object',
    description:
      'One outbound call of a campaign to a lead: started when dispatch\'s provider accepted a delivery on the `call` channel, one per ' +
      `delivery attempt. Events (topic \`voice-call-events\`): ${codeList(Object.values(VoiceCallEventType))}.`,
    required: [
      'id', 'brandId', 'campaignId', 'leadId', 'deliveryId', 'deliveryAttempt', 'phone', 'providerCallId', 'status', 'durationSeconds',
      'failureReason', 'recordingUrl', 'transcript', 'summary', 'outcome', 'startedAt', 'completedAt', 'version', 'updatedAt',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      brandId: { type: 'string' },
      campaignId: { type: 'string', format: 'uuid' },
      leadId: { type: 'string', format: 'uuid' },
      deliveryId: { type: 'string', format: 'uuid' },
      deliveryAttempt: { type: 'integer', minimum: 1, description: 'The delivery\'s attempt that placed the call.' },
      phone: { type: 'string', description: 'E.164.', examples: ['+573001234567'] },
      providerCallId: { type: 'string', description: 'The provider\'s id of the call (Twilio\'s CallSid).' },
      status: schema('VoiceCallStatus'),
      durationSeconds: { type: ['integer', 'null'], minimum: 0, description: 'As the provider reported it when the call ended.' },
      failureReason: { type: ['string', 'null'], description: 'The provider\'s error code of a call that ended without completing.' },
      recordingUrl: {
        type: ['string', 'null'],
        format: 'uri',
        description: 'Taken only from a signed provider callback, and only as an https URL on the provider\'s own domain (twilio.com).',
      },
      transcript: { type: ['array', 'null'], items: schema('TranscriptLine'), description: 'Null until the voice agent attaches one.' },
      summary: { type: ['string', 'null'] },
      outcome: { oneOf: [schema('CallOutcome'), { type: 'null' }], description: 'What the summary said the call achieved.' },
      startedAt: { type: 'string', format: 'date-time', description: 'When the call was placed.' },
      completedAt: nullableInstant('When it reached a final status.'),
      version: { type: 'integer', minimum: 1, description: 'Also the `ETag`.' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  VoiceCallList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('VoiceCall') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  AttachTranscriptRequest: closed({
    type: 'object',
    required: ['transcript'],
    properties: {
      transcript: { type: 'array', minItems: 1, maxItems: MAX_TRANSCRIPT_LINES, items: closed(line), description: 'In the order the lines were said.' },
    },
  }),
  SummarizeCallRequest: closed({
    type: 'object',
    required: ['summary'],
    properties: {
      summary: { type: 'string', minLength: 1, maxLength: MAX_SUMMARY_CHARACTERS },
      outcome: { oneOf: [closed(outcome), { type: 'null' }], description: 'Absent or null: the lead is not changed.' },
    },
  }),
};

const callId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Call id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const callResponse = (description: string, headers: Schema = {}) => ({ description, headers: { ...versioned, ...headers }, content: json(schema('VoiceCall')) });

const attach = (operationId: string, summary: string, description: string, body: string) => ({
  operationId,
  summary,
  description,
  tags: TAGS,
  parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')],
  requestBody: { required: true, content: json(schema(body)) },
  responses: {
    200: callResponse('The call after it; the same content again answers the call unchanged.', replayable),
    ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 404, 409, 412, 422),
  },
});

const listOf = (owner: 'campaign' | 'lead', operationId: string) => ({
  parameters: [{
    name: 'id',
    in: 'path',
    required: true,
    description: `${owner === 'campaign' ? 'Campaign' : 'Lead'} id. A value that is not a UUID, like an unknown id or another brand's, answers 404.`,
    schema: { type: 'string', format: 'uuid' },
  }],
  get: {
    operationId,
    summary: `List a ${owner}'s calls`,
    description: 'Newest first. Readable by viewers too. Unknown or repeated query parameters answer 400.',
    tags: TAGS,
    parameters: [
      { name: 'status', in: 'query', required: false, description: 'Only calls in this status.', schema: schema('VoiceCallStatus') },
      ref('parameters', 'Limit'),
      ref('parameters', 'Cursor'),
      ref('parameters', 'CorrelationId'),
    ],
    responses: {
      200: { description: 'One page.', headers: correlation, content: json(schema('VoiceCallList')) },
      ...errors(400, ...READ_ERRORS, 404),
    },
  },
});

export const voiceCallPaths = {
  '/api/v1/calls/{id}': {
    parameters: [callId],
    get: {
      operationId: 'getVoiceCall',
      summary: 'Read a call',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: callResponse('The call; `ETag` is its version.'),
        ...errors(...READ_ERRORS, 404),
      },
    },
  },
  '/api/v1/calls/{id}/transcript': {
    parameters: [callId],
    post: attach(
      'attachCallTranscript',
      'Attach the transcript',
      `What the voice agent transcribed, once the call is over (${ENDED}; otherwise 409). Records VoiceCallTranscribed. ` +
        'A different transcript for a call that has one answers 409. Every bad line field is named (`transcript[3].offsetSeconds`).',
      'AttachTranscriptRequest',
    ),
  },
  '/api/v1/calls/{id}/summary': {
    parameters: [callId],
    post: attach(
      'summarizeCall',
      'Attach the summary and its outcome',
      `The voice agent's summary, once the call is over (${ENDED}; otherwise 409). Records VoiceCallSummarized and, in the same ` +
        'transaction, moves the lead through its own commands: `stageChange` (LeadStageChanged; nothing when the lead is already in ' +
        'that stage) and `scoreDelta` (LeadScoreChanged; the score stops at 0 and 100, and the event records the change applied). ' +
        'A different summary for a call that has one answers 409, so a lead is never moved twice by one call.',
      'SummarizeCallRequest',
    ),
  },
  '/api/v1/campaigns/{id}/calls': listOf('campaign', 'listCampaignCalls'),
  '/api/v1/leads/{id}/calls': listOf('lead', 'listLeadCalls'),
};
