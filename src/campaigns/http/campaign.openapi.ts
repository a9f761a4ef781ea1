import { CAMPAIGN_CHANNELS, CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES, CAMPAIGN_TYPES, WEEKDAYS } from '../domain/campaign-state.js';
import { ACTIVATION_REASONS, CAMPAIGN_TRANSITIONS, FINISH_REASONS, type CampaignAction } from '../domain/campaign-lifecycle.js';
import { CAMPAIGN_EVENT_SCHEMA_VERSIONS, CampaignEventType } from '../domain/campaign-events.js';
import { MAX_SENDER_IDS } from '../domain/value-objects/sender-ids.js';
import { type Schema, ref, schema, json, type ErrorStatus, errors, READ_ERRORS, BODY_ERRORS, correlation, versioned, replayable } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the campaign routes (campaign.routes.ts). Enums and allowed statuses
// come from the domain so the document cannot drift from the code; bounds mirror the DTOs and
// value objects. Shared components (Problem, error responses, If-Match...) are named by `$ref`
// only, so this module does not import the app layer.

const nullable = (s: Schema): Schema => ({ oneOf: [s, { type: 'null' }] });
const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const instant = (description?: string): Schema => ({ type: 'string', format: 'date-time', ...(description && { description }) });
const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');
const allowedFrom = (action: CampaignAction) => codeList(CAMPAIGN_TRANSITIONS[action].from);

// Metric amounts: stored and returned with two decimals; reported with up to two, increments may be negative.
const TWO_DECIMALS = '^\\d{1,15}\\.\\d{2}$';
const SIGNED_TWO_DECIMALS = '^-?\\d{1,15}\\.\\d{2}$';
const AMOUNT_INPUT = '^\\d{1,15}(\\.\\d{1,2})?$';
const SIGNED_AMOUNT_INPUT = '^-?\\d{1,15}(\\.\\d{1,2})?$';

// Read shapes stay open objects because API.md lets fields be added; `closed()` makes the request variants.
const scheduleShape = {
  type: 'object',
  required: ['startAt', 'endAt'],
  properties: {
    startAt: instant('The scheduler activates the campaign at this instant.'),
    endAt: { type: ['string', 'null'], format: 'date-time', description: 'The scheduler finishes the campaign at this instant; null: open-ended.' },
  },
};

const callingWindowShape = {
  type: 'object',
  description: 'When contacts may be reached, in the local time of `timezone`, or of the contact when it has its own zone. Never crosses midnight.',
  required: ['start', 'end', 'days', 'timezone'],
  properties: {
    start: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', examples: ['09:00'] },
    end: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'After `start`.', examples: ['18:00'] },
    days: { type: 'array', minItems: 1, uniqueItems: true, items: schema('Weekday'), description: 'Returned in week order.' },
    timezone: { type: 'string', maxLength: 64, description: 'IANA zone name (offsets such as `+05:00` are refused).', examples: ['America/Bogota'] },
  },
};

const retryPolicyShape = {
  type: 'object',
  required: ['maxRetries', 'retryDelayMinutes'],
  properties: {
    maxRetries: { type: 'integer', minimum: 0, maximum: 10 },
    retryDelayMinutes: { type: 'integer', minimum: 1, maximum: 7 * 24 * 60 },
  },
};

const moneyShape = {
  type: 'object',
  description: 'Decimal string plus ISO 4217 currency; never a float.',
  required: ['amount', 'currency'],
  properties: {
    amount: {
      type: 'string',
      pattern: '^\\d{1,15}(\\.\\d{1,4})?$',
      description: 'Non-negative, with at most the currency\'s minor digits (USD 2, JPY 0, KWD 3); returned with exactly that many.',
      examples: ['1500.00'],
    },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', examples: ['USD'] },
  },
};

const scheduleInput = closed({
  type: 'object',
  required: ['startAt'],
  properties: {
    startAt: instant('Strictly in the future.'),
    endAt: { type: ['string', 'null'], format: 'date-time', description: 'After `startAt` and in the future; null or absent: open-ended.' },
  },
});

const count = { type: 'integer', minimum: 0 };
const amount = { type: 'string', pattern: TWO_DECIMALS, examples: ['0.00'] };

/** The writable fields as the representation (and CampaignUpdated) shows them. */
const settingsProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: 'string', maxLength: 2000 },
  type: schema('CampaignType'),
  objective: schema('CampaignObjective'),
  channel: schema('CampaignChannel'),
  schedule: nullable(schema('Schedule')),
  callingWindow: nullable(schema('CallingWindow')),
  retryPolicy: schema('RetryPolicy'),
  budget: nullable(schema('Money')),
  maxPerDay: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000, description: 'Contacts per day; null: no cap.' },
  priority: { type: 'integer', minimum: 1, maximum: 10 },
  scriptTemplate: { type: ['string', 'null'], maxLength: 10_000 },
  senderIds: {
    type: ['array', 'null'],
    items: { type: 'string', format: 'uuid' },
    minItems: 1,
    maxItems: MAX_SENDER_IDS,
    uniqueItems: true,
    description: 'The senders this campaign sends through, spread over by their rates; null: every active sender of the brand on the channel. '
      + 'Only active senders of the campaign\'s brand on its channel are ever used. Returned sorted.',
  },
};

/** Everything but `version`: also the data of CampaignCreated, whose version is the event's. */
const stateProperties = {
  id: { type: 'string', format: 'uuid' },
  brandId: { type: 'string' },
  ...settingsProperties,
  status: schema('CampaignStatus'),
  metrics: schema('CampaignMetrics'),
  cancelReason: { type: ['string', 'null'], description: 'The `reason` given to `cancel`; null otherwise.' },
  createdAt: instant(),
  updatedAt: instant(),
};

const everyField = (properties: Schema) => Object.keys(properties);

/** The writable fields as a client sends them; the DTOs reject anything else. */
const writableInput = {
  name: { type: 'string', minLength: 1, maxLength: 200, description: 'Trimmed; must not be blank.' },
  description: { type: 'string', maxLength: 2000 },
  type: schema('CampaignType'),
  objective: schema('CampaignObjective'),
  channel: schema('CampaignChannel'),
  schedule: {
    ...nullable(schema('ScheduleInput')),
    description: 'Stored only: setting it does not change `status` (use `POST /campaigns/{id}/schedule`). A `scheduled` campaign cannot drop it (400).',
  },
  callingWindow: nullable(schema('CallingWindowInput')),
  retryPolicy: schema('RetryPolicyInput'),
  budget: nullable(schema('MoneyInput')),
  maxPerDay: settingsProperties.maxPerDay,
  priority: settingsProperties.priority,
  scriptTemplate: settingsProperties.scriptTemplate,
  senderIds: settingsProperties.senderIds,
};

/** A metric as a client reports it: an absolute value, or `{"increment": …}` (negative corrects an earlier report). */
const metricInput = (absolute: Schema, increment: Schema): Schema => ({
  oneOf: [absolute, { type: 'object', additionalProperties: false, required: ['increment'], properties: { increment } }],
});

/** A metric as CampaignMetricsUpdated records it. */
const recordedMetric = (value: Schema): Schema => ({
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['set'], properties: { set: value } },
    { type: 'object', additionalProperties: false, required: ['increment'], properties: { increment: value } },
  ],
});

const businessMetrics = {
  salesCount: count,
  salesAmount: amount,
  engagement: count,
  budgetSpent: amount,
};

const previousStatus = schema('CampaignStatus');

/**
 * `data` of each event type at its current schemaVersion (CAMPAIGN_EVENT_SCHEMA_VERSIONS); a
 * version only gains optional fields. The history serves older stored versions upcast to these.
 */
const EVENT_DATA: Record<CampaignEventType, Schema> = {
  // senderIds came later within schema version 1 (an optional field): older events lack it, read as null.
  CampaignCreated: { type: 'object', description: 'The initial state.', required: everyField(stateProperties).filter((f) => f !== 'senderIds'), properties: stateProperties },
  CampaignUpdated: {
    type: 'object',
    description: 'Only the fields that really changed, with new and old values.',
    required: ['changes', 'previous'],
    properties: { changes: schema('CampaignSettingsDiff'), previous: schema('CampaignSettingsDiff') },
  },
  CampaignScheduled: {
    type: 'object',
    description: 'schemaVersion 2: the instants under `schedule`, as in CampaignCreated. Version 1 (`startAt`, `endAt` at the top level) is served upcast.',
    required: ['schedule', 'previousStatus'],
    properties: { schedule: schema('Schedule'), previousStatus },
  },
  CampaignActivated: {
    type: 'object',
    required: ['reason', 'previousStatus'],
    properties: { reason: { type: 'string', enum: [...ACTIVATION_REASONS], description: '`schedule`: activated by the scheduler at `startAt`.' }, previousStatus },
  },
  CampaignPaused: { type: 'object', required: ['reason'], properties: { reason: { type: ['string', 'null'] } } },
  CampaignResumed: { type: 'object', properties: {} },
  CampaignFinished: {
    type: 'object',
    required: ['reason', 'previousStatus'],
    properties: {
      reason: { type: 'string', enum: [...FINISH_REASONS], description: '`schedule_end`: by the scheduler at `endAt`; `audience_exhausted`: nothing left to send.' },
      previousStatus,
    },
  },
  CampaignCancelled: { type: 'object', required: ['reason', 'previousStatus'], properties: { reason: { type: ['string', 'null'] }, previousStatus } },
  CampaignDeleted: { type: 'object', properties: {} },
  CampaignMetricsUpdated: {
    type: 'object',
    required: ['changes', 'metrics'],
    properties: {
      changes: {
        type: 'object',
        description: 'The report as applied: `{set}` or `{increment}` per reported metric, amounts with two decimals.',
        properties: {
          salesCount: recordedMetric({ type: 'integer' }),
          salesAmount: recordedMetric({ type: 'string', pattern: SIGNED_TWO_DECIMALS }),
          engagement: recordedMetric({ type: 'integer' }),
          budgetSpent: recordedMetric({ type: 'string', pattern: SIGNED_TWO_DECIMALS }),
        },
      },
      metrics: { type: 'object', description: 'Absolute values after the report.', required: everyField(businessMetrics), properties: businessMetrics },
    },
  },
  CampaignAudienceAdded: {
    type: 'object',
    description: 'Leads joined the audience (recorded only when at least one did). `totalContacts` and `pending`: the audience after it.',
    required: ['source', 'priority', 'added', 'alreadyPresent', 'excluded', 'totalContacts', 'pending'],
    properties: {
      source: schema('AudienceSource'),
      priority: { type: 'integer', minimum: 1, maximum: 10 },
      added: { ...count, minimum: 1 },
      alreadyPresent: count,
      excluded: schema('AudienceExclusions'),
      totalContacts: count,
      pending: count,
    },
  },
  CampaignAudienceRemoved: {
    type: 'object',
    description: 'A member not yet attempted left the audience. `totalContacts` and `pending`: the audience after it.',
    required: ['leadId', 'totalContacts', 'pending'],
    properties: { leadId: { type: 'string', format: 'uuid' }, totalContacts: count, pending: count },
  },
};

const eventSchemaName = (type: CampaignEventType) => `${type}Event`;

const eventVariant = (type: CampaignEventType): Schema => ({
  type: 'object',
  required: ['eventId', 'eventType', 'schemaVersion', 'aggregateVersion', 'occurredAt', 'correlationId', 'causationId', 'actor', 'data'],
  properties: {
    eventId: { type: 'string', format: 'uuid', description: 'Deduplication key.' },
    eventType: { type: 'string', const: type },
    schemaVersion: { type: 'integer', const: CAMPAIGN_EVENT_SCHEMA_VERSIONS[type], description: 'Older stored versions are served upcast to this one.' },
    aggregateVersion: { type: 'integer', minimum: 1, description: 'The campaign `version` this event produced.' },
    occurredAt: instant(),
    correlationId: { type: 'string' },
    causationId: { type: ['string', 'null'] },
    actor: schema('EventActor'),
    data: EVENT_DATA[type],
  },
});

const EVENT_TYPES = Object.values(CampaignEventType);

export const campaignSchemas = {
  CampaignType: { type: 'string', enum: [...CAMPAIGN_TYPES] },
  CampaignObjective: { type: 'string', enum: [...CAMPAIGN_OBJECTIVES] },
  CampaignChannel: { type: 'string', enum: [...CAMPAIGN_CHANNELS] },
  CampaignStatus: { type: 'string', enum: [...CAMPAIGN_STATUSES] },
  Weekday: { type: 'string', enum: [...WEEKDAYS] },
  Schedule: scheduleShape,
  CallingWindow: callingWindowShape,
  RetryPolicy: retryPolicyShape,
  Money: moneyShape,
  CampaignMetrics: {
    type: 'object',
    description:
      '`totalContacts` and `pending`: the audience size and its members not yet attempted (kept by audience changes, then by dispatch); ' +
      '`successful` and `failed`: delivery counters (dispatch); business metrics are reported through `POST /campaigns/{id}/metrics`.',
    required: ['totalContacts', 'pending', 'successful', 'failed', ...everyField(businessMetrics)],
    properties: { totalContacts: count, pending: count, successful: count, failed: count, ...businessMetrics },
  },
  Campaign: {
    type: 'object',
    required: [...everyField(stateProperties), 'version'],
    properties: {
      ...stateProperties,
      version: { type: 'integer', minimum: 1, description: '+1 per change; also the `ETag`.' },
    },
  },
  CampaignList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('Campaign') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  CampaignSettingsDiff: { type: 'object', description: 'Some writable fields, as the representation shows them.', properties: settingsProperties },
  EventActor: {
    type: 'object',
    required: ['sub', 'role'],
    properties: {
      sub: { type: 'string' },
      role: { type: 'string', enum: ['admin', 'brand_manager', 'viewer', 'system'], description: '`system`: the scheduler.' },
    },
  },
  CampaignEvent: {
    description: 'One event of the campaign\'s audit trail, by `eventType`.',
    oneOf: EVENT_TYPES.map((type) => schema(eventSchemaName(type))),
    discriminator: {
      propertyName: 'eventType',
      mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, `#/components/schemas/${eventSchemaName(type)}`])),
    },
  },
  ...Object.fromEntries(EVENT_TYPES.map((type) => [eventSchemaName(type), eventVariant(type)])),
  CampaignEventList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('CampaignEvent') },
      nextCursor: { type: ['string', 'null'] },
    },
  },
  // Request bodies: closed, so a client cannot set a field it does not own (status, metrics, version...).
  ScheduleInput: { ...scheduleInput, description: 'In PATCH, an instant equal to the current one is not held against the clock, so a running campaign can move its end.' },
  CallingWindowInput: closed(callingWindowShape),
  RetryPolicyInput: closed(retryPolicyShape),
  MoneyInput: closed(moneyShape),
  CreateCampaignRequest: closed({
    type: 'object',
    required: ['brandId', 'name', 'type', 'objective', 'channel'],
    properties: {
      brandId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'A brand the token holds (otherwise 403). Cannot change later.', examples: ['acme'] },
      ...writableInput,
      description: { ...writableInput.description, default: '' },
      retryPolicy: { ...writableInput.retryPolicy, default: { maxRetries: 3, retryDelayMinutes: 30 } },
      priority: { ...writableInput.priority, default: 5 },
    },
  }),
  UpdateCampaignRequest: closed({
    type: 'object',
    description: 'Only the fields sent change; null clears a nullable field. Values equal to the current ones change nothing (no new version).',
    properties: writableInput,
  }),
  ScheduleCampaignRequest: scheduleInput,
  CampaignReasonRequest: closed({
    type: 'object',
    properties: { reason: { type: 'string', maxLength: 500, description: 'Free text, kept in the event (and in `cancelReason` on cancel); blank means none.' } },
  }),
  ReportMetricsRequest: closed({
    type: 'object',
    description: 'At least one metric. Absolute values replace; increments add to the current value under a lock, so concurrent reports never lose one. A result below zero answers 400.',
    minProperties: 1,
    properties: {
      salesCount: metricInput({ type: 'integer', minimum: 0 }, { type: 'integer' }),
      salesAmount: metricInput({ type: 'string', pattern: AMOUNT_INPUT }, { type: 'string', pattern: SIGNED_AMOUNT_INPUT }),
      engagement: metricInput({ type: 'integer', minimum: 0 }, { type: 'integer' }),
      budgetSpent: metricInput({ type: 'string', pattern: AMOUNT_INPUT }, { type: 'string', pattern: SIGNED_AMOUNT_INPUT }),
    },
  }),
};

const TAGS = ['Campaigns'];

const WRITE_ON_CAMPAIGN_ERRORS: ErrorStatus[] = [...READ_ERRORS, ...BODY_ERRORS, 403, 404, 409, 412];

const campaignResponse = (description: string, headers: Schema = {}) => ({
  description,
  headers: { ...versioned, ...headers },
  content: json(schema('Campaign')),
});

const campaignId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Campaign id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const enumFilter = (name: string, schemaName: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: schema(schemaName),
});

const POST_PARAMETERS = [ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')];
const CONDITIONAL_POST_PARAMETERS = [ref('parameters', 'IfMatch'), ...POST_PARAMETERS];

/** A lifecycle action: POST with an optional body, answering the campaign in its new status. */
function action(name: 'activate' | 'pause' | 'resume' | 'finish' | 'cancel', summary: string, description: string, bodySchema: string) {
  return {
    post: {
      operationId: `${name}Campaign`,
      summary,
      description: `${description}\n\nAllowed from ${allowedFrom(name)}; any other status answers 409.`,
      tags: TAGS,
      parameters: CONDITIONAL_POST_PARAMETERS,
      requestBody: { required: false, content: json(schema(bodySchema)) },
      responses: {
        200: campaignResponse(`The campaign, now \`${CAMPAIGN_TRANSITIONS[name].to}\`.`, replayable),
        ...errors(...WRITE_ON_CAMPAIGN_ERRORS, 422),
      },
    },
  };
}

const BASE = '/api/v1/campaigns';

export const campaignPaths = {
  [BASE]: {
    post: {
      operationId: 'createCampaign',
      summary: 'Create a campaign',
      description: 'Creates a campaign in `draft`. Fields not sent take their defaults (null when nullable).',
      tags: TAGS,
      parameters: POST_PARAMETERS,
      requestBody: { required: true, content: json(schema('CreateCampaignRequest')) },
      responses: {
        201: campaignResponse('Created, in `draft`.', { Location: ref('headers', 'Location'), ...replayable }),
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 422),
      },
    },
    get: {
      operationId: 'listCampaigns',
      summary: 'List campaigns',
      description:
        'Campaigns of the token\'s brands, newest first (by creation). With `q`, name matches come before description-only matches. ' +
        'A `brandId` the token does not hold yields an empty list. Unknown or repeated query parameters answer 400.',
      tags: TAGS,
      parameters: [
        { name: 'brandId', in: 'query', required: false, schema: { type: 'string' } },
        enumFilter('status', 'CampaignStatus', 'Only campaigns in this status.'),
        enumFilter('type', 'CampaignType', 'Only campaigns of this type.'),
        enumFilter('objective', 'CampaignObjective', 'Only campaigns with this objective.'),
        enumFilter('channel', 'CampaignChannel', 'Only campaigns on this channel.'),
        {
          name: 'active',
          in: 'query',
          required: false,
          description: '`true`: status `active` (400 together with another `status`); `false` narrows nothing.',
          schema: { type: 'boolean' },
        },
        {
          name: 'q',
          in: 'query',
          required: false,
          description: 'Case-insensitive text searched in the name, then the description.',
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('CampaignList')) },
        ...errors(400, ...READ_ERRORS),
      },
    },
  },
  [`${BASE}/{id}`]: {
    parameters: [campaignId],
    get: {
      operationId: 'getCampaign',
      summary: 'Read a campaign',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: campaignResponse('The campaign; `ETag` is its version.'),
        ...errors(...READ_ERRORS, 404),
      },
    },
    patch: {
      operationId: 'updateCampaign',
      summary: 'Change writable fields',
      description: `Allowed in ${allowedFrom('update')}; any other status answers 409.`,
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      requestBody: { required: true, content: json(schema('UpdateCampaignRequest')) },
      responses: {
        200: campaignResponse('The campaign after the change.'),
        ...errors(...WRITE_ON_CAMPAIGN_ERRORS),
      },
    },
    delete: {
      operationId: 'deleteCampaign',
      summary: 'Delete a draft',
      description:
        `Allowed in ${allowedFrom('delete')} only; otherwise 409 (cancel instead). ` +
        'The campaign then answers 404 and its audience is gone, but its events stay in the event log and `GET /campaigns/{id}/events` still serves them.',
      tags: TAGS,
      parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      responses: {
        204: { description: 'Deleted.', headers: correlation },
        ...errors(...READ_ERRORS, 403, 404, 409, 412),
      },
    },
  },
  [`${BASE}/{id}/schedule`]: {
    parameters: [campaignId],
    post: {
      operationId: 'scheduleCampaign',
      summary: 'Schedule a campaign',
      description:
        `Sets the schedule and moves to \`scheduled\`; allowed from ${allowedFrom('schedule')} (so a scheduled campaign can be moved), ` +
        'any other status answers 409. The scheduler activates it at `startAt` and finishes it at `endAt`.',
      tags: TAGS,
      parameters: CONDITIONAL_POST_PARAMETERS,
      requestBody: { required: true, content: json(schema('ScheduleCampaignRequest')) },
      responses: {
        200: campaignResponse('The campaign, now `scheduled`.', replayable),
        ...errors(...WRITE_ON_CAMPAIGN_ERRORS, 422),
      },
    },
  },
  [`${BASE}/{id}/activate`]: {
    parameters: [campaignId],
    ...action('activate', 'Start a campaign now', 'Starts sending now. An empty audience (`metrics.totalContacts` 0) answers 409; so does the scheduler leave such a campaign `scheduled`.', 'EmptyRequest'),
  },
  [`${BASE}/{id}/pause`]: {
    parameters: [campaignId],
    ...action('pause', 'Pause a campaign', 'Stops sending until resumed; `reason` is kept in the CampaignPaused event.', 'CampaignReasonRequest'),
  },
  [`${BASE}/{id}/resume`]: {
    parameters: [campaignId],
    ...action('resume', 'Resume a paused campaign', 'Sending continues.', 'EmptyRequest'),
  },
  [`${BASE}/{id}/finish`]: {
    parameters: [campaignId],
    ...action('finish', 'Finish a campaign', 'Ends the campaign for good (CampaignFinished with reason `manual`).', 'EmptyRequest'),
  },
  [`${BASE}/{id}/cancel`]: {
    parameters: [campaignId],
    ...action('cancel', 'Cancel a campaign', 'Abandons the campaign; `reason` is returned as `cancelReason`.', 'CampaignReasonRequest'),
  },
  [`${BASE}/{id}/metrics`]: {
    parameters: [campaignId],
    post: {
      operationId: 'reportCampaignMetrics',
      summary: 'Report business metrics',
      description:
        `Reports sales, engagement and spend. Allowed in ${allowedFrom('reportMetrics')} (a sale may be reported after the end); ` +
        'any other status answers 409. Delivery counters are not reportable.',
      tags: TAGS,
      parameters: CONDITIONAL_POST_PARAMETERS,
      requestBody: { required: true, content: json(schema('ReportMetricsRequest')) },
      responses: {
        200: campaignResponse('The campaign with its new metrics.', replayable),
        ...errors(...WRITE_ON_CAMPAIGN_ERRORS, 422),
      },
    },
  },
  [`${BASE}/{id}/events`]: {
    parameters: [campaignId],
    get: {
      operationId: 'listCampaignEvents',
      summary: 'The campaign\'s event history',
      description:
        'Its own events, oldest first: the audit trail, with the same `eventId`s as the published events. ' +
        'Still readable after the campaign is deleted. 404 when the id has no events the token may see.',
      tags: TAGS,
      parameters: [ref('parameters', 'Limit'), ref('parameters', 'Cursor'), ref('parameters', 'CorrelationId')],
      responses: {
        200: { description: 'One page of events.', headers: correlation, content: json(schema('CampaignEventList')) },
        ...errors(400, ...READ_ERRORS, 404),
      },
    },
  },
};
