import { CONTACT_CHANNELS, LEAD_STAGES, LEAD_TREATMENTS } from '../domain/lead-state.js';
import { STAGE_TRANSITIONS } from '../domain/lead-pipeline.js';
import { LeadEventType } from '../domain/lead-events.js';
import { MAX_CUSTOM_FIELDS, MAX_CUSTOM_STRING_CHARACTERS } from '../domain/value-objects/custom-fields.js';
import { MAX_SCORE, MIN_SCORE } from '../domain/value-objects/score.js';
import { MAX_TAG_CHARACTERS, MAX_TAGS } from '../domain/value-objects/tags.js';
import { type Schema, ref, schema, json, type ErrorStatus, errors, READ_ERRORS, BODY_ERRORS, correlation, versioned, replayable } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the lead routes (lead.routes.ts). Enums and rules come from the
// domain so the document cannot drift from the code; bounds mirror the DTOs and value objects.
// Shared components (Problem, error responses, If-Match...) are named by `$ref` only, so this
// module does not import the app layer.

const closed = (s: Schema): Schema => ({ ...s, additionalProperties: false });
const instant = (description?: string): Schema => ({ type: 'string', format: 'date-time', ...(description && { description }) });
const nullableInstant = (description: string): Schema => ({ type: ['string', 'null'], format: 'date-time', description });
const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');
const everyField = (properties: Schema) => Object.keys(properties);

const REOPEN_STAGES = LEAD_STAGES.filter((stage) => STAGE_TRANSITIONS[stage].reasonRequired);

const phone = {
  type: ['string', 'null'],
  pattern: '^\\+[1-9]\\d{6,14}$',
  description: 'E.164. Unique per brand.',
  examples: ['+573001234567'],
};

const tags = {
  type: 'array',
  maxItems: MAX_TAGS,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: MAX_TAG_CHARACTERS },
};

const customFields = {
  type: 'object',
  maxProperties: MAX_CUSTOM_FIELDS,
  description: `Flat: values are strings (at most ${MAX_CUSTOM_STRING_CHARACTERS} characters), numbers or booleans. Keys match \`^[A-Za-z_][A-Za-z0-9_]{0,63}$\` and are returned in code-point order.`,
  additionalProperties: { type: ['string', 'number', 'boolean'] },
  examples: [{ budget: 120000, specialty: 'anesthesiology' }],
};

/** The contact fields as the representation (and LeadUpdated) shows them. */
const contactProperties = {
  firstName: { type: 'string', maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  phone,
  email: { type: ['string', 'null'], maxLength: 254, description: 'Domain lower-cased (internationalised domains in their `xn--` form).' },
  timezone: { type: ['string', 'null'], description: 'IANA zone, canonical spelling.', examples: ['America/Bogota'] },
  region: { type: ['string', 'null'], maxLength: 100, examples: ['andina'] },
  tags,
  customFields,
  treatment: schema('LeadTreatment'),
  nextActionAt: nullableInstant('When the next action on the lead is due.'),
  notes: { type: 'string', maxLength: 10_000 },
};

/** Everything but `version`: also the data of LeadCreated, whose version is the event's. */
const stateProperties = {
  id: { type: 'string', format: 'uuid' },
  brandId: { type: 'string' },
  ...contactProperties,
  score: { type: 'integer', minimum: MIN_SCORE, maximum: MAX_SCORE },
  stage: schema('LeadStage'),
  stageEnteredAt: instant('When the lead entered its current stage.'),
  assignedTo: { type: ['string', 'null'], description: 'User id (`sub`) of the agent following the lead up.' },
  consent: schema('LeadConsent'),
  lastContactedAt: nullableInstant('Last time dispatch reached the lead.'),
  interactions: { type: 'integer', minimum: 0 },
  createdAt: instant(),
  updatedAt: instant(),
};

const defaultCountryDescription =
  'ISO 3166-1 alpha-2 country (case-insensitive) in which national phone numbers of this request are read (`300 123 4567` with `CO`). ' +
  'Not stored. International forms (`+57…`, `0057…`) need none; a national number without it answers 400.';

/** The contact fields as a client sends them; the DTOs reject anything else. */
const contactInput = {
  firstName: { type: 'string', maxLength: 100, description: 'Trimmed.' },
  lastName: { type: 'string', maxLength: 100, description: 'Trimmed.' },
  phone: {
    type: ['string', 'null'],
    maxLength: 40,
    description:
      'National (`300 123 4567`, `(212) 555-0123`, with a trunk `0`, or Mexico\'s retired `044`/`045`/`01`) or international ' +
      '(`+57 300 123 4567`, `0057…`) form, with spaces, dots, dashes, slashes or parentheses; letters are refused. Stored in E.164.',
  },
  email: { type: ['string', 'null'], maxLength: 320, description: 'Trimmed; the domain is lower-cased.' },
  timezone: { type: ['string', 'null'], maxLength: 64, description: 'IANA zone (`america/bogota` is stored as `America/Bogota`; offsets are refused).' },
  region: { type: ['string', 'null'], maxLength: 100, description: 'Trimmed; blank is stored as null.' },
  tags: { ...tags, uniqueItems: false, description: `Each trimmed, non-blank, without \`;\` (the CSV tag separator); duplicates are dropped; at most ${MAX_TAGS} distinct. Replaces the whole list.` },
  customFields: { ...customFields, description: `${customFields.description} Replaces the whole object.` },
  treatment: schema('LeadTreatment'),
  nextActionAt: { type: ['string', 'null'], format: 'date-time' },
  notes: { type: 'string', maxLength: 10_000 },
  defaultCountry: { type: 'string', pattern: '^[A-Za-z]{2}$', description: defaultCountryDescription },
};

const channels = (description: string) => ({ type: 'array', minItems: 1, items: schema('ContactChannel'), description });
const reason = { type: ['string', 'null'], maxLength: 500 };

const consentData = {
  type: 'object',
  required: ['channels', 'reason', 'doNotContact', 'optedOutChannels'],
  properties: {
    channels: { type: 'array', items: schema('ContactChannel'), description: 'The channels the command named; every channel when it named none.' },
    reason,
    doNotContact: { type: 'boolean' },
    optedOutChannels: { type: 'array', items: schema('ContactChannel') },
  },
};

/** `data` of each event type (schemaVersion 1); a version only gains optional fields. */
const EVENT_DATA: Record<LeadEventType, Schema> = {
  LeadCreated: { type: 'object', description: 'The initial state.', required: everyField(stateProperties), properties: stateProperties },
  LeadUpdated: {
    type: 'object',
    description: 'Only the contact fields that really changed, with new and old values.',
    required: ['changes', 'previous'],
    properties: { changes: schema('LeadContactDiff'), previous: schema('LeadContactDiff') },
  },
  LeadStageChanged: {
    type: 'object',
    required: ['from', 'to', 'reason'],
    properties: { from: schema('LeadStage'), to: schema('LeadStage'), reason },
  },
  LeadScoreChanged: {
    type: 'object',
    required: ['from', 'to', 'delta'],
    properties: {
      from: { type: 'integer' },
      to: { type: 'integer' },
      delta: { type: 'integer', description: '`to - from`, also when the score was set.' },
    },
  },
  LeadAssigned: { type: 'object', required: ['from', 'to'], properties: { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } } },
  LeadOptedOut: consentData,
  LeadOptedIn: consentData,
};

export const leadSchemas = {
  LeadStage: { type: 'string', enum: [...LEAD_STAGES] },
  LeadTreatment: { type: 'string', enum: [...LEAD_TREATMENTS] },
  ContactChannel: { type: 'string', enum: [...CONTACT_CHANNELS] },
  LeadConsent: {
    type: 'object',
    description: '`doNotContact` is true exactly when every channel is opted out; dispatch checks consent when it sends, for every campaign.',
    required: ['doNotContact', 'optedOutChannels', 'reason', 'updatedAt'],
    properties: {
      doNotContact: { type: 'boolean' },
      optedOutChannels: { type: 'array', uniqueItems: true, items: schema('ContactChannel'), description: `In the order ${codeList(CONTACT_CHANNELS)}.` },
      reason: { type: ['string', 'null'], description: 'The reason given with the last consent change.' },
      updatedAt: instant('Last consent change (creation time until then).'),
    },
  },
  Lead: {
    type: 'object',
    required: [...everyField(stateProperties), 'version'],
    properties: { ...stateProperties, version: { type: 'integer', minimum: 1, description: '+1 per change; also the `ETag`.' } },
  },
  LeadList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('Lead') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  LeadContactDiff: { type: 'object', description: 'Some contact fields, as the representation shows them.', properties: contactProperties },
  ...Object.fromEntries(Object.entries(EVENT_DATA).map(([type, data]) => [`${type}Data`, { ...data, description: `\`data\` of ${type} events on the \`lead-events\` topic. ${data.description ?? ''}`.trim() }])),
  // Request bodies: closed, so a client cannot set a field it does not own (consent, version...).
  CreateLeadRequest: closed({
    type: 'object',
    description: 'A lead needs a phone or an email.',
    required: ['brandId'],
    properties: {
      brandId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'A brand the token holds (otherwise 403). Cannot change later.', examples: ['acme'] },
      ...contactInput,
      firstName: { ...contactInput.firstName, default: '' },
      lastName: { ...contactInput.lastName, default: '' },
      treatment: { ...contactInput.treatment, default: 'automated_call' },
      notes: { ...contactInput.notes, default: '' },
      score: { type: 'integer', minimum: MIN_SCORE, maximum: MAX_SCORE, default: 0, description: 'Initial score.' },
      stage: { ...schema('LeadStage'), default: 'new', description: 'Initial stage, e.g. for a contact already in the pipeline.' },
      assignedTo: { type: ['string', 'null'], maxLength: 200, default: null },
    },
  }),
  UpdateLeadRequest: closed({
    type: 'object',
    description:
      'Only the fields sent change; null clears a nullable field (not both `phone` and `email`). Values equal to the current ones ' +
      'change nothing (no new version). Stage, score, assignment and consent have their own actions.',
    properties: contactInput,
  }),
  LeadStageRequest: closed({
    type: 'object',
    required: ['stage'],
    properties: {
      stage: schema('LeadStage'),
      reason: { type: 'string', maxLength: 500, description: `Kept in LeadStageChanged; blank means none. Required to leave ${codeList(REOPEN_STAGES)} (reopening a closed deal).` },
    },
  }),
  LeadScoreRequest: closed({
    type: 'object',
    description: `Exactly one of \`score\` (set) or \`delta\` (move). Never clamped: a result outside ${MIN_SCORE}..${MAX_SCORE} answers 400 naming the field.`,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      score: { type: 'integer', minimum: MIN_SCORE, maximum: MAX_SCORE },
      delta: { type: 'integer', description: 'Added to the current score under a lock, so concurrent deltas never lose one.' },
    },
  }),
  LeadAssignRequest: closed({
    type: 'object',
    required: ['assignedTo'],
    properties: { assignedTo: { type: ['string', 'null'], minLength: 1, maxLength: 200, description: 'User id (trimmed), or null to unassign.' } },
  }),
  LeadConsentRequest: closed({
    type: 'object',
    description: 'No body, `{}` or no `channels`: every channel. Repeating a change that is already in effect records nothing.',
    properties: {
      channels: channels('The channels concerned; an empty list answers 400 (leave it out to mean every channel).'),
      reason: { type: 'string', maxLength: 500, description: 'Kept as `consent.reason`; blank means none.' },
    },
  }),
};

const TAGS = ['Leads'];

// 409 also covers writers that kept colliding on the same lead (see the Conflict response).
const WRITE_ON_LEAD_ERRORS: ErrorStatus[] = [...READ_ERRORS, ...BODY_ERRORS, 403, 404, 409, 412];

const leadResponse = (description: string, headers: Schema = {}) => ({
  description,
  headers: { ...versioned, ...headers },
  content: json(schema('Lead')),
});

const leadId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Lead id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const defaultCountryQuery = {
  name: 'defaultCountry',
  in: 'query',
  required: false,
  description: `${defaultCountryDescription} May be sent here or in the body; both must then agree. No other query parameter is accepted.`,
  schema: { type: 'string', pattern: '^[A-Za-z]{2}$' },
};

const filter = (name: string, description: string, s: Schema = { type: 'string', minLength: 1, maxLength: 200 }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: s,
});

const POST_PARAMETERS = [ref('parameters', 'IdempotencyKey'), ref('parameters', 'CorrelationId')];
const CONDITIONAL_POST_PARAMETERS = [ref('parameters', 'IfMatch'), ...POST_PARAMETERS];

/** A command on one lead: POST with a body, answering the lead after it. */
function action(operationId: string, summary: string, description: string, bodySchema: string) {
  return {
    parameters: [leadId],
    post: {
      operationId,
      summary,
      description,
      tags: TAGS,
      parameters: CONDITIONAL_POST_PARAMETERS,
      requestBody: { required: bodySchema !== 'LeadConsentRequest', content: json(schema(bodySchema)) },
      responses: {
        200: leadResponse('The lead after the action (unchanged, same version, when the action changed nothing).', replayable),
        ...errors(...WRITE_ON_LEAD_ERRORS, 422),
      },
    },
  };
}

const BASE = '/api/v1/leads';

export const leadPaths = {
  [BASE]: {
    post: {
      operationId: 'createLead',
      summary: 'Create a lead',
      description:
        'Creates a lead in stage `new` (unless `stage` is sent), with full consent. The phone is normalised to E.164 before the ' +
        'per-brand uniqueness check, so `300 123 4567` (CO) and `+57 300 123 4567` are the same lead: a second one answers 409 naming the phone.',
      tags: TAGS,
      parameters: [defaultCountryQuery, ...POST_PARAMETERS],
      requestBody: { required: true, content: json(schema('CreateLeadRequest')) },
      responses: {
        201: leadResponse('Created.', { Location: ref('headers', 'Location'), ...replayable }),
        ...errors(...READ_ERRORS, ...BODY_ERRORS, 403, 409, 422),
      },
    },
    get: {
      operationId: 'listLeads',
      summary: 'List leads',
      description:
        'Leads of the token\'s brands, newest first (by creation). A `brandId` the token does not hold yields an empty list. ' +
        'Unknown or repeated query parameters answer 400.',
      tags: TAGS,
      parameters: [
        filter('brandId', 'Only leads of this brand.'),
        filter('stage', 'Only leads in this stage.', schema('LeadStage')),
        filter('tag', 'Only leads carrying this exact tag (case-sensitive).'),
        filter('assignedTo', 'Only leads assigned to this user id; `none`: only unassigned leads (as GitHub\'s `assignee=none`).'),
        filter('q', 'Case-insensitive text in the full name (`first last`) or the email; text that reads as a phone number (`300 123`) also matches its digits inside the E.164 phone.'),
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('LeadList')) },
        ...errors(400, ...READ_ERRORS),
      },
    },
  },
  [`${BASE}/{id}`]: {
    parameters: [leadId],
    get: {
      operationId: 'getLead',
      summary: 'Read a lead',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: leadResponse('The lead; `ETag` is its version.'),
        ...errors(...READ_ERRORS, 404),
      },
    },
    patch: {
      operationId: 'updateLead',
      summary: 'Change contact fields',
      description: 'Records LeadUpdated with only the fields that changed. A phone another lead of the brand has answers 409 naming it.',
      tags: TAGS,
      parameters: [defaultCountryQuery, ref('parameters', 'IfMatch'), ref('parameters', 'CorrelationId')],
      requestBody: { required: true, content: json(schema('UpdateLeadRequest')) },
      responses: {
        200: leadResponse('The lead after the change.'),
        ...errors(...WRITE_ON_LEAD_ERRORS),
      },
    },
  },
  [`${BASE}/{id}/stage`]: action(
    'changeLeadStage',
    'Move a lead along the pipeline',
    `Any stage may follow any other (no stage is terminal: phone is unique per brand, so a lost lead who comes back, or a won client ` +
      `asked for referrals, continues as the same lead). Leaving ${codeList(REOPEN_STAGES)} needs a \`reason\` (400 without). ` +
      'Moving to the current stage answers 409. `stageEnteredAt` becomes now; LeadStageChanged records `from`, `to` and `reason`.',
    'LeadStageRequest',
  ),
  [`${BASE}/{id}/score`]: action(
    'changeLeadScore',
    'Set or move the score',
    'Records LeadScoreChanged `{from, to, delta}`; setting the current score, or a delta of 0, changes nothing.',
    'LeadScoreRequest',
  ),
  [`${BASE}/{id}/assign`]: action(
    'assignLead',
    'Assign a lead to an agent',
    'Records LeadAssigned `{from, to}`; assigning the current assignee changes nothing.',
    'LeadAssignRequest',
  ),
  [`${BASE}/{id}/opt-out`]: action(
    'optOutLead',
    'Opt a lead out of channels',
    'Stops contact on the channels (every channel when none are named) for every campaign at once. Records LeadOptedOut; ' +
      'channels already opted out change nothing (a repeated STOP records nothing).',
    'LeadConsentRequest',
  ),
  [`${BASE}/{id}/opt-in`]: action(
    'optInLead',
    'Opt a lead back in to channels',
    'Allows contact again on the channels (every channel when none are named); opting in to one channel of a `doNotContact` lead ' +
      'leaves the other channels opted out. Records LeadOptedIn; channels not opted out change nothing.',
    'LeadConsentRequest',
  ),
};
