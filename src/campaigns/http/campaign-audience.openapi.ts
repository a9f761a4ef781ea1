import { CAMPAIGN_TRANSITIONS } from '../domain/campaign-lifecycle.js';
import { DEFAULT_AUDIENCE_PRIORITY } from '../domain/value-objects/audience-priority.js';
import { AUDIENCE_MEMBER_STATUSES } from '../application/campaign-audience.js';
import { MAX_LEAD_IDS } from './campaign-audience.requests.js';
import { type Schema, ref, schema, json, errors, correlation } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the campaign audience routes (campaign-audience.routes.ts). The
// criteria schema belongs to the segments document and is named by `$ref` only, like the shared
// components, so this module imports neither the audience module nor the app layer.

const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');
const count = { type: 'integer', minimum: 0 };
const priority = { type: 'integer', minimum: 1, maximum: 10 };

const TAGS = ['Campaign audience'];

const ALLOWED = codeList(CAMPAIGN_TRANSITIONS.changeAudience.from);

const campaignId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Campaign id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const exclusions = {
  type: 'object',
  required: ['optedOut', 'unreachable'],
  properties: {
    optedOut: { ...count, description: 'Do-not-contact, or opted out of the campaign\'s channel. Counted before unreachable.' },
    unreachable: { ...count, description: 'No phone for a phone channel (call, sms, whatsapp, telegram), no email for email.' },
  },
};

export const campaignAudienceSchemas = {
  AudienceMemberStatus: { type: 'string', enum: [...AUDIENCE_MEMBER_STATUSES] },
  AudienceExclusions: exclusions,
  AddAudienceRequest: closed({
    type: 'object',
    description: 'Exactly one source, `leadIds`, `segmentId` or `criteria`, and optionally the members\' `priority`.',
    oneOf: [{ required: ['leadIds'] }, { required: ['segmentId'] }, { required: ['criteria'] }],
    properties: {
      leadIds: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_LEAD_IDS,
        items: { type: 'string', format: 'uuid' },
        description: 'Leads of the campaign\'s brand; ids naming no such lead (unknown, or another brand\'s) are counted in `notFound`, never added.',
      },
      segmentId: {
        type: 'string',
        description: 'A saved segment of the campaign\'s brand (UUID; another brand\'s answers 404) or a predefined segment id (`engaged`).',
      },
      criteria: schema('SegmentCriteria'),
      priority: { ...priority, default: DEFAULT_AUDIENCE_PRIORITY, description: 'Of the members this request adds (10 first); members already present keep theirs.' },
    },
  }),
  AudienceAddition: {
    type: 'object',
    description: 'Every count comes from the one statement that took the snapshot: matched = added + alreadyPresent + optedOut + unreachable.',
    required: ['added', 'alreadyPresent', 'excluded'],
    properties: {
      added: count,
      alreadyPresent: { ...count, description: 'Matched but already members (they keep their status and priority).' },
      excluded: schema('AudienceExclusions'),
      notFound: { ...count, description: 'Only for `leadIds`: distinct ids naming no lead of the campaign\'s brand.' },
    },
  },
  AudienceMember: {
    type: 'object',
    required: ['leadId', 'status', 'attempts', 'lastAttemptAt', 'priority', 'addedAt'],
    properties: {
      leadId: { type: 'string', format: 'uuid' },
      status: schema('AudienceMemberStatus'),
      attempts: count,
      lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
      priority,
      addedAt: { type: 'string', format: 'date-time' },
    },
  },
  AudienceMemberList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('AudienceMember') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  AudienceSource: {
    description: 'Where a snapshot came from (CampaignAudienceAdded). A segment\'s name and criteria are kept as they were when used.',
    oneOf: [
      {
        type: 'object',
        required: ['type', 'requested', 'notFound'],
        properties: { type: { type: 'string', const: 'leadIds' }, requested: { ...count, description: 'Distinct ids sent.' }, notFound: count },
      },
      {
        type: 'object',
        required: ['type', 'segmentId', 'name', 'criteria'],
        properties: {
          type: { type: 'string', const: 'segment' },
          segmentId: { type: 'string', description: 'A saved segment\'s UUID or a predefined segment id.' },
          name: { type: 'string' },
          criteria: schema('SegmentCriteria'),
        },
      },
      {
        type: 'object',
        required: ['type', 'criteria'],
        properties: { type: { type: 'string', const: 'criteria' }, criteria: schema('SegmentCriteria') },
      },
    ],
  },
};

const BASE = '/api/v1/campaigns/{id}/audience';

export const campaignAudiencePaths = {
  [BASE]: {
    parameters: [campaignId],
    post: {
      operationId: 'addCampaignAudience',
      summary: 'Add leads to the audience',
      description:
        `Adds a snapshot of leads of the campaign's brand, in ${ALLOWED} (any other status answers 409). One set-based statement ` +
        'selects the leads named by `leadIds`, a segment or `criteria` (evaluated now: leads created later do not join), leaves out ' +
        'those opted out of the campaign\'s channel and those it cannot reach, and inserts the others that are not members yet. ' +
        'When some joined, the campaign records CampaignAudienceAdded and `metrics.totalContacts` / `metrics.pending` become the ' +
        'audience size and its pending members; the answer\'s `ETag` is the campaign\'s version after it. Nothing joined: no new version.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')],
      requestBody: { required: true, content: json(schema('AddAudienceRequest')) },
      responses: {
        200: {
          description: 'What the snapshot did.',
          headers: { ETag: ref('headers', 'ETag'), ...correlation, 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') },
          content: json(schema('AudienceAddition')),
        },
        ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 500),
      },
    },
    get: {
      operationId: 'listCampaignAudience',
      summary: 'List the audience',
      description: 'Members by lead id. Readable in every status, by viewers too.',
      tags: TAGS,
      parameters: [
        { name: 'status', in: 'query', required: false, description: 'Only members in this status.', schema: schema('AudienceMemberStatus') },
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('AudienceMemberList')) },
        ...errors(400, 401, 404, 500),
      },
    },
  },
  [`${BASE}/{leadId}`]: {
    parameters: [campaignId, { name: 'leadId', in: 'path', required: true, description: 'The member\'s lead id.', schema: { type: 'string', format: 'uuid' } }],
    delete: {
      operationId: 'removeCampaignAudienceMember',
      summary: 'Remove a member not yet attempted',
      description:
        `In ${ALLOWED}, removes a member that is still \`pending\` with no attempt; one already attempted answers 409 (its history stays). ` +
        'A lead that is not a member answers 404. The campaign records CampaignAudienceRemoved and updates its totals.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      responses: {
        204: { description: 'Removed.', headers: correlation },
        ...errors(401, 403, 404, 409, 412, 500),
      },
    },
  },
};
