import { CAMPAIGN_STATUSES } from '../application/campaign-stats.js';

// OpenAPI 3.1 description of the reporting routes (reporting.routes.ts). Shared components are
// named by `$ref` only, so this module does not import the app layer.

type Schema = Record<string, unknown>;

const ref = (kind: 'schemas' | 'responses' | 'parameters' | 'headers', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (s: Schema) => ({ 'application/json': { schema: s } });
const count = { type: 'integer', minimum: 0 };
const instant = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const optionalInstant = (description: string): Schema => ({ type: ['string', 'null'], format: 'date-time', description });
const seconds = (description: string): Schema => ({ type: 'number', minimum: 0, description });
const amount = { type: 'string', pattern: '^\\d{1,18}\\.\\d{2}$', examples: ['0.00'] };

const TAGS = ['Reports'];
const correlation = { 'X-Correlation-Id': ref('headers', 'CorrelationId') };
const FRESHNESS =
  'Served from the campaign metrics projection, which the worker feeds from the campaign events (Pulsar, or the event log when ' +
  'no broker is configured): it may lag the campaign by the time that feed takes.';

const countProperties = {
  total: { ...count, description: 'Campaigns that exist (deleted drafts excluded).' },
  byStatus: {
    type: 'object',
    required: [...CAMPAIGN_STATUSES],
    properties: Object.fromEntries(CAMPAIGN_STATUSES.map((status) => [status, count])),
  },
  deleted: { ...count, description: 'Drafts deleted: their events stay in the log.' },
};

export const reportingSchemas = {
  CampaignStatusCounts: { type: 'object', required: Object.keys(countProperties), properties: countProperties },
  BrandCampaignCounts: {
    type: 'object',
    required: ['brandId', ...Object.keys(countProperties)],
    properties: { brandId: { type: 'string' }, ...countProperties },
  },
  CampaignReport: {
    type: 'object',
    required: ['items', 'totals'],
    properties: {
      items: { type: 'array', description: 'One entry per brand with at least one campaign, by `brandId`.', items: ref('schemas', 'BrandCampaignCounts') },
      totals: { ...ref('schemas', 'CampaignStatusCounts'), description: 'The sum over `items`.' },
    },
  },
  CampaignStats: {
    type: 'object',
    required: [
      'campaignId', 'brandId', 'status', 'deleted', 'version', 'createdAt', 'scheduledAt', 'plannedStartAt', 'plannedEndAt', 'firstActivatedAt',
      'finishedAt', 'cancelledAt', 'deletedAt', 'activeSeconds', 'pausedSeconds', 'pauses', 'salesCount', 'salesAmount', 'engagement',
      'budgetSpent', 'lastEventAt', 'asOf',
    ],
    properties: {
      campaignId: { type: 'string', format: 'uuid' },
      brandId: { type: 'string' },
      status: { type: 'string', enum: [...CAMPAIGN_STATUSES] },
      deleted: { type: 'boolean', description: 'The draft was deleted; its statistics stay.' },
      version: { type: 'integer', minimum: 1, description: 'The campaign version these figures include (its last event applied).' },
      createdAt: instant('CampaignCreated.'),
      scheduledAt: optionalInstant('The last CampaignScheduled.'),
      plannedStartAt: optionalInstant('The schedule as last set: when the scheduler starts the campaign.'),
      plannedEndAt: optionalInstant('The schedule as last set: when the scheduler finishes it; null: open-ended.'),
      firstActivatedAt: optionalInstant('The first CampaignActivated.'),
      finishedAt: optionalInstant('CampaignFinished.'),
      cancelledAt: optionalInstant('CampaignCancelled.'),
      deletedAt: optionalInstant('CampaignDeleted.'),
      activeSeconds: seconds('Time spent `active`, from the events\' times (millisecond precision), the running period included up to `asOf`.'),
      pausedSeconds: seconds('Time spent `paused`, likewise.'),
      pauses: { ...count, description: 'Times the campaign was paused.' },
      salesCount: count,
      salesAmount: amount,
      engagement: count,
      budgetSpent: amount,
      lastEventAt: instant('When the last event applied happened.'),
      asOf: instant('The instant the running period is measured up to: the time of the request.'),
    },
  },
};

const campaignId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Campaign id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

export const reportingPaths = {
  '/api/v1/reports/campaigns': {
    get: {
      operationId: 'reportCampaigns',
      summary: 'Campaign counts per brand and status',
      description: `Counts for every brand the token holds (all brands for \`admin\`), and their totals. A \`brandId\` the token does not hold yields no items. ${FRESHNESS}`,
      tags: TAGS,
      parameters: [
        { name: 'brandId', in: 'query', required: false, description: 'Only this brand.', schema: { type: 'string' } },
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'The counts.', headers: correlation, content: json(ref('schemas', 'CampaignReport')) },
        400: ref('responses', 'BadRequest'),
        401: ref('responses', 'Unauthorized'),
        500: ref('responses', 'InternalError'),
      },
    },
  },
  '/api/v1/campaigns/{id}/stats': {
    parameters: [campaignId],
    get: {
      operationId: 'getCampaignStats',
      summary: 'A campaign\'s lifecycle times, durations and business metrics',
      description: `Still served after a draft is deleted. ${FRESHNESS} 404 until the projection has seen the campaign.`,
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: { description: 'The statistics.', headers: correlation, content: json(ref('schemas', 'CampaignStats')) },
        400: ref('responses', 'BadRequest'),
        401: ref('responses', 'Unauthorized'),
        404: ref('responses', 'NotFound'),
        500: ref('responses', 'InternalError'),
      },
    },
  },
};
