import { CONTACT_CHANNELS } from '../domain/lead-state.js';
import {
  MAX_CRITERIA_CONDITIONS, MAX_CRITERIA_DEPTH, MAX_DAYS, MAX_GROUP_ITEMS, MAX_LIST_VALUES,
} from '../domain/segment-criteria.js';
import { CUSTOM_FIELD_PREFIX, LEAD_SEGMENT_FIELDS, opsFor, SEGMENT_FIELDS, SEGMENT_OPS, CUSTOM_FIELD_SPEC } from '../domain/segment-fields.js';
import { PREDEFINED_SEGMENTS } from '../domain/segment-predefined.js';
import { MAX_SEGMENT_NAME } from '../domain/segment.js';
import { PREVIEW_SAMPLE_SIZE } from '../application/preview-segment.js';
import { type Schema, ref, schema, json, errors, READ_ERRORS, BODY_ERRORS, correlation, versioned, replayable } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the segment routes (segment.routes.ts). Fields, operators and limits
// come from the domain so the document cannot drift from the code. Shared components (Problem,
// error responses, If-Match...) and the Lead schema are named by `$ref` only.

const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const instant = (): Schema => ({ type: 'string', format: 'date-time' });
const code = (s: string) => `\`${s}\``;
const codeList = (items: readonly string[]) => items.map(code).join(', ');
const count = { type: 'integer', minimum: 0 };

const VALUE_RULES =
  'Values by field type: `stage`/`treatment` take their enum members; `score` and `interactions` integers; ' +
  '`region`, `timezone`, `assignedTo` strings; `createdAt`, `lastContactedAt` ISO 8601 dates (`2026-11-23`, UTC midnight) or timestamps ' +
  'with a time zone; `tags` ops an array of tags; custom fields a string, number or boolean (`gt`/`gte`/`lt`/`lte`/`between` numbers only: ' +
  'a custom field holding text never matches them). `in`/`nin`/`contains_*` take an array of 1 to ' +
  `${MAX_LIST_VALUES} values; \`between\` a pair \`[low, high]\`, both included; \`exists\` true or false; \`within_last_days\` and ` +
  `\`not_within_last_days\` a whole number of days from 1 to ${MAX_DAYS}, counted back from now in 24-hour days.`;

const SEMANTICS =
  '`neq`, `nin` and `not_within_last_days` are the exact negations of `eq`, `in` and `within_last_days`, so they also match leads without ' +
  'a value (no region, never contacted, no such custom field); `gt`/`gte`/`lt`/`lte`/`between` never match a missing value. ' +
  '`exists` on `tags` means at least one tag. Custom field equality is typed: `5` does not match `"5"`.';

const fieldOps = [
  ...LEAD_SEGMENT_FIELDS.map((name) => `${code(name)}: ${codeList(opsFor(SEGMENT_FIELDS[name]))}`),
  `${code(`${CUSTOM_FIELD_PREFIX}<name>`)}: ${codeList(opsFor(CUSTOM_FIELD_SPEC))}`,
].join('; ');

const FIELD_PATTERN = `^(${LEAD_SEGMENT_FIELDS.join('|')}|customFields\\.[A-Za-z_][A-Za-z0-9_]{0,63})$`;

const group = (join: 'all' | 'any', description: string): Schema =>
  closed({
    type: 'object',
    description,
    required: [join],
    properties: { [join]: { type: 'array', minItems: 1, maxItems: MAX_GROUP_ITEMS, items: schema('SegmentNode') } },
  });

const TAGS = ['Segments'];

const POST_PARAMETERS = [ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')];

const segmentResponse = (description: string, headers: Schema = {}) => ({
  description,
  headers: { ...versioned, ...headers },
  content: json(schema('Segment')),
});

const segmentId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Saved segment id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

export const segmentSchemas = {
  SegmentOp: { type: 'string', enum: [...SEGMENT_OPS] },
  SegmentCriteria: {
    description:
      `A tree of groups: ${code('{"all":[…]}')} (every item matches) or ${code('{"any":[…]}')} (at least one does), whose items are ` +
      `groups or conditions ${code('{"field","op","value"}')}. At most ${MAX_CRITERIA_DEPTH} levels of groups, ${MAX_GROUP_ITEMS} items per ` +
      `group and ${MAX_CRITERIA_CONDITIONS} conditions in all. Operators by field: ${fieldOps}. ${VALUE_RULES} ${SEMANTICS} ` +
      'An invalid tree answers 400 with one error per bad node, named by its path (`criteria.all[1].any[0].op`). ' +
      'Returned in canonical form: texts trimmed, repeated list values dropped, dates as UTC timestamps.',
    oneOf: [schema('SegmentAllGroup'), schema('SegmentAnyGroup')],
  },
  SegmentAllGroup: group('all', 'Matches leads that every item matches.'),
  SegmentAnyGroup: group('any', 'Matches leads that at least one item matches.'),
  SegmentNode: { oneOf: [schema('SegmentAllGroup'), schema('SegmentAnyGroup'), schema('SegmentCondition')] },
  SegmentCondition: closed({
    type: 'object',
    description: 'Compares one lead field with a value; which operators and values fit depends on the field (see SegmentCriteria).',
    required: ['field', 'op', 'value'],
    properties: {
      field: {
        type: 'string',
        pattern: FIELD_PATTERN,
        description: `${codeList(LEAD_SEGMENT_FIELDS)} or ${code(`${CUSTOM_FIELD_PREFIX}<name>`)}.`,
        examples: ['stage', 'customFields.specialty'],
      },
      op: schema('SegmentOp'),
      value: { description: 'A scalar, an array or a `[low, high]` pair, by operator and field type.' },
    },
  }),
  Segment: {
    type: 'object',
    required: ['id', 'brandId', 'name', 'criteria', 'version', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      brandId: { type: 'string' },
      name: { type: 'string', minLength: 1, maxLength: MAX_SEGMENT_NAME },
      criteria: schema('SegmentCriteria'),
      version: { type: 'integer', minimum: 1, description: 'Segments have no update: always 1. Also the `ETag`.' },
      createdAt: instant(),
      updatedAt: instant(),
    },
  },
  SegmentList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('Segment') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  PredefinedSegment: {
    type: 'object',
    required: ['id', 'name', 'description', 'criteria'],
    properties: {
      id: { type: 'string', enum: PREDEFINED_SEGMENTS.map((s) => s.id), description: 'Usable as `segmentId` wherever one is accepted.' },
      name: { type: 'string' },
      description: { type: 'string' },
      criteria: schema('SegmentCriteria'),
    },
  },
  PredefinedSegmentList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('PredefinedSegment') },
      nextCursor: { type: 'null', description: 'Always null: the list is short and fixed.' },
    },
  },
  SegmentPreview: {
    type: 'object',
    required: ['total', 'sample'],
    properties: {
      total: { ...count, description: 'Matching leads of the brand; with `channel`, only those reachable on it and not opted out of it.' },
      excluded: {
        type: 'object',
        description: 'Only with `channel`: matching leads left out of `total`. A lead both opted out and unreachable counts as opted out.',
        required: ['optedOut', 'unreachable'],
        properties: {
          optedOut: { ...count, description: 'Do-not-contact, or opted out of this channel.' },
          unreachable: { ...count, description: 'No phone (call, sms, whatsapp, telegram) or no email (email).' },
        },
      },
      sample: { type: 'array', maxItems: PREVIEW_SAMPLE_SIZE, items: schema('Lead'), description: `Up to ${PREVIEW_SAMPLE_SIZE} of the counted leads, newest first.` },
    },
  },
  CreateSegmentRequest: closed({
    type: 'object',
    required: ['brandId', 'name', 'criteria'],
    properties: {
      brandId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'A brand the token holds (otherwise 403).', examples: ['acme'] },
      name: { type: 'string', minLength: 1, maxLength: MAX_SEGMENT_NAME, description: 'Trimmed; must not be blank.' },
      criteria: schema('SegmentCriteria'),
    },
  }),
  SegmentPreviewRequest: closed({
    type: 'object',
    required: ['brandId', 'criteria'],
    properties: {
      brandId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'A brand the token holds (otherwise 403).', examples: ['acme'] },
      criteria: schema('SegmentCriteria'),
      channel: { type: 'string', enum: [...CONTACT_CHANNELS], description: 'Count only leads this channel may reach: not opted out of it, with a phone (or an email for `email`).' },
    },
  }),
};

const BASE = '/api/v1/segments';

export const segmentPaths = {
  [BASE]: {
    post: {
      operationId: 'createSegment',
      summary: 'Save a segment',
      description:
        'Saves named criteria for a brand. The criteria are evaluated each time the segment is previewed or added to an audience, ' +
        'so relative dates (`within_last_days`) count back from that moment. Saved segments record no events: a campaign that uses ' +
        'one records its name and criteria in its own CampaignAudienceAdded.',
      tags: TAGS,
      parameters: POST_PARAMETERS,
      requestBody: { required: true, content: json(schema('CreateSegmentRequest')) },
      responses: {
        201: segmentResponse('Created.', { Location: ref('headers', 'Location'), ...replayable }),
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 422),
      },
    },
    get: {
      operationId: 'listSegments',
      summary: 'List saved segments',
      description: 'Saved segments of the token\'s brands, newest first. A `brandId` the token does not hold yields an empty list.',
      tags: TAGS,
      parameters: [
        { name: 'brandId', in: 'query', required: false, schema: { type: 'string' } },
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('SegmentList')) },
        ...errors(400, ...READ_ERRORS),
      },
    },
  },
  [`${BASE}/preview`]: {
    post: {
      operationId: 'previewSegment',
      summary: 'Preview criteria',
      description:
        `How many of the brand's leads the criteria select, and up to ${PREVIEW_SAMPLE_SIZE} of them (newest first). With \`channel\`, ` +
        'leads opted out of it (or do-not-contact) and leads without the contact it needs are not counted, and `excluded` says how many ' +
        'were left out. Reads only: viewers may preview. A brand the token does not hold answers 403.',
      tags: TAGS,
      parameters: POST_PARAMETERS,
      requestBody: { required: true, content: json(schema('SegmentPreviewRequest')) },
      responses: {
        200: { description: 'The count and a sample.', headers: { ...correlation, ...replayable }, content: json(schema('SegmentPreview')) },
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 422),
      },
    },
  },
  [`${BASE}/predefined`]: {
    get: {
      operationId: 'listPredefinedSegments',
      summary: 'Predefined segments',
      description: `Segments every brand has: ${codeList(PREDEFINED_SEGMENTS.map((s) => s.id))}. Use their \`id\` as \`segmentId\`.`,
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: { description: 'Every predefined segment.', headers: correlation, content: json(schema('PredefinedSegmentList')) },
        ...errors(400, ...READ_ERRORS),
      },
    },
  },
  [`${BASE}/{id}`]: {
    parameters: [segmentId],
    get: {
      operationId: 'getSegment',
      summary: 'Read a saved segment',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: segmentResponse('The segment; `ETag` is its version.'),
        ...errors(...READ_ERRORS, 404),
      },
    },
    delete: {
      operationId: 'deleteSegment',
      summary: 'Delete a saved segment',
      description: 'Audiences already taken from it keep their members.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      responses: {
        204: { description: 'Deleted.', headers: correlation },
        ...errors(...READ_ERRORS, 403, 404, 412),
      },
    },
  },
};
