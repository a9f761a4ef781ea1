import { campaignPaths, campaignSchemas } from '../../campaigns/http/campaign.openapi.js';
import { leadPaths, leadSchemas } from '../../audience/http/lead.openapi.js';
import { reportingPaths, reportingSchemas } from '../../reporting/http/reporting.openapi.js';
import { senderPaths, senderSchemas } from '../../dispatch/http/sender.openapi.js';
import { webhookPaths, webhookSchemas } from '../../dispatch/http/webhook.openapi.js';
import { deliveryPaths, deliverySchemas } from '../../dispatch/http/delivery.openapi.js';
import { voiceCallPaths, voiceCallSchemas } from '../../calls/http/voice-call.openapi.js';
import { segmentPaths, segmentSchemas } from '../../audience/http/segment.openapi.js';
import { leadImportPaths, leadImportSchemas } from '../../audience/http/lead-import.openapi.js';
import { campaignAudiencePaths, campaignAudienceSchemas } from '../../campaigns/http/campaign-audience.openapi.js';
import { commonComponents } from './components.js';

const DESCRIPTION = `
Outbound campaigns over calls, WhatsApp, Telegram, email and SMS. This document describes the service's REST
contract route by route; where the contract is silent, the choice made is stated in the operation's description.

## Authentication
Every \`/api/v1\` route needs \`Authorization: Bearer <JWT>\`, signed with HS256 (the service's shared secret) or
RS256/ES256 (the identity provider's JWKS); issuer and audience are checked when configured.
Claims: \`sub\` (user id), \`role\` (\`admin\` | \`brand_manager\` | \`viewer\`), \`brands\` (brand ids the user may act on;
\`admin\` acts on all). A \`viewer\` only reads (writes answer 403). Resources of a brand the token does not hold
answer 404, never 403, so their existence is not revealed. Health probes and this document are public.

## Errors
Every error of \`/api/v1\` is \`application/problem+json\` (RFC 9457): \`type\`, \`title\`, \`status\`, \`detail\`, and for
validation errors \`errors\` (one \`{field, message}\` per bad field). Unknown body fields answer 400. Any request
with a body may be answered 400 (malformed JSON), 413 (too large) or 415 (not JSON) before its route runs. A 500 carries
a generic detail. Every response carries \`X-Correlation-Id\` (the caller's, or a generated one).

## Conditional requests
Resources with a lifecycle carry \`version\` (+1 per change), returned as \`ETag: "<version>"\`. Writes accept
\`If-Match: "<version>"\`; a mismatch answers 412 and changes nothing. Without \`If-Match\` the write applies to the
current version.

## Idempotency
Every POST accepts \`Idempotency-Key\` (1 to 255 visible ASCII characters). Within 24 h the same user, key, method,
URL and body answers the recorded response again, with \`Idempotent-Replayed: true\`, and does nothing twice; the same
key with a different request answers 422. The key is recorded in the same transaction as the change, and only when
the request succeeds, so a failed request may be retried with the same key.

## Lists
\`?limit=1..500\` (default 50) and an opaque \`cursor\` (the previous page's \`nextCursor\`);
answers \`{"items": [...], "nextCursor": "..." | null}\`.
`.trim();

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

/** Routes outside /api/v1: probes and this document, public like the contract they describe. */
const systemPaths = {
  '/health/live': {
    get: {
      operationId: 'liveness',
      summary: 'Liveness probe',
      tags: ['System'],
      security: [],
      responses: {
        200: { description: 'The process answers.', content: json({ type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } }) },
      },
    },
  },
  '/health/ready': {
    get: {
      operationId: 'readiness',
      summary: 'Readiness probe',
      description: 'Ready when the database answers and every migration is applied; also reports the outbox relay\'s lag. A probe answer, so 503 is plain JSON, not a problem.',
      tags: ['System'],
      security: [],
      responses: {
        200: { description: 'Ready.', content: json({ $ref: '#/components/schemas/Readiness' }) },
        503: { description: 'Not ready; `checks` says why.', content: json({ $ref: '#/components/schemas/Readiness' }) },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'This OpenAPI document',
      description: 'Also browsable at `/docs`.',
      tags: ['System'],
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1 document.', content: json({ type: 'object' }) } },
    },
  },
};

const systemSchemas = {
  Readiness: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      checks: {
        type: 'object',
        required: ['database'],
        properties: {
          database: { type: 'string', enum: ['ok', 'unreachable'] },
          migrations: { type: 'string', enum: ['ok', 'pending'], description: 'Absent when the database is unreachable.' },
          outbox: {
            type: 'object',
            description: 'How far publishing to Pulsar is behind the event log. Reported, never a reason to be unready: the API keeps working while the broker is down. Absent when the database is unreachable.',
            required: ['publishing', 'events', 'seconds', 'checkpoint'],
            properties: {
              publishing: { type: 'string', description: '`enabled`, or why not (no PULSAR_URL).' },
              events: { type: 'integer', description: 'Events written but not yet published.' },
              seconds: { type: 'number', description: 'Age of the oldest unpublished event.' },
              checkpoint: { type: 'string', description: 'Last published log position.' },
            },
          },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 description of everything the service serves; a module adds its paths and schemas here. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Campaign management service', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths: {
      ...systemPaths,
      ...campaignPaths,
      ...leadPaths,
      ...segmentPaths,
      ...leadImportPaths,
      ...campaignAudiencePaths,
      ...reportingPaths,
      ...senderPaths,
      ...deliveryPaths,
      ...voiceCallPaths,
      ...webhookPaths,
    },
    components: {
      ...commonComponents,
      schemas: {
        ...commonComponents.schemas,
        ...systemSchemas,
        ...campaignSchemas,
        ...leadSchemas,
        ...segmentSchemas,
        ...leadImportSchemas,
        ...campaignAudienceSchemas,
        ...reportingSchemas,
        ...senderSchemas,
        ...deliverySchemas,
        ...voiceCallSchemas,
        ...webhookSchemas,
      },
    },
  };
}
