import { DELIVERY_STATUSES } from '../domain/delivery-status.js';
import { MESSAGE_OUTCOMES } from '../domain/message-outcome.js';
import { PROVIDER_ERROR_KINDS } from '../domain/provider-error.js';
import { ref, schema, json, errors, READ_ERRORS, correlation } from '../../../seedwork/http/openapi-fragments.js';

// OpenAPI 3.1 description of the delivery list (delivery.routes.ts); enums come from the domain.

const codeList = (items: readonly string[]) => items.map((s) => `\`${s}\``).join(', ');
const instant = (description: string) => ({ type: ['string', 'null'], format: 'date-time', description });

export const deliverySchemas = {
  DeliveryStatus: {
    type: 'string',
    enum: [...DELIVERY_STATUSES],
    description:
      '`queued` (due at `scheduledAt`, also again after a retryable failure), `sending` (a worker holds it), `succeeded` (the provider took the ' +
      'last attempt), `failed` (no attempt left), `cancelled` (the campaign was cancelled, or the lead opted out, before it was sent), ' +
      '`expired` (the campaign reached its end first).',
  },
  Delivery: {
    type: 'object',
    description: 'One audience member\'s way to the contact: one delivery per member, whose `attempt` grows with each retry.',
    required: ['id', 'leadId', 'senderId', 'attempt', 'status', 'scheduledAt', 'startedAt', 'finishedAt', 'outcome', 'error', 'providerRef'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      leadId: { type: 'string', format: 'uuid' },
      senderId: { type: ['string', 'null'], format: 'uuid', description: 'The sender chosen for it when it was claimed (null while never claimed).' },
      attempt: { type: 'integer', minimum: 1, description: 'The current attempt (the next one, for a delivery queued for a retry).' },
      status: schema('DeliveryStatus'),
      scheduledAt: { type: 'string', format: 'date-time', description: 'When it is (or was) due.' },
      startedAt: instant('When a worker last took it.'),
      finishedAt: instant('When it reached its status, for a delivery that is not queued or sending.'),
      outcome: {
        type: ['string', 'null'],
        description:
          `What the provider said. Once it took a message or call: ${codeList(MESSAGE_OUTCOMES)}. Message status reports (SMS, WhatsApp) ` +
          'move it forward only: sent → delivered → read, or, while not yet delivered, to `undelivered`/`failed`. Such a late failure keeps ' +
          'the status `succeeded` and the campaign\'s counters as they were (they count what dispatch did; sending again could reach the ' +
          'contact twice); `error` then says why, and the event DeliveryOutcomeReported records it. Otherwise: `opted_out`, `unreachable`, ' +
          'or the provider\'s own description of a failure.',
      },
      error: { type: ['string', 'null'], description: `Why the last attempt did not reach the contact: ${codeList(PROVIDER_ERROR_KINDS)}.` },
      providerRef: { type: ['string', 'null'], description: 'The provider\'s id of the message or call (Twilio\'s Sid).' },
    },
  },
  DeliveryList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: schema('Delivery') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
};

export const deliveryPaths = {
  '/api/v1/campaigns/{id}/deliveries': {
    parameters: [{
      name: 'id',
      in: 'path',
      required: true,
      description: 'Campaign id. A value that is not a UUID, like an unknown id or another brand\'s, answers 404.',
      schema: { type: 'string', format: 'uuid' },
    }],
    get: {
      operationId: 'listCampaignDeliveries',
      summary: 'List a campaign\'s deliveries',
      description: 'By lead id, like the audience. Readable by viewers too. Unknown or repeated query parameters answer 400.',
      tags: ['Deliveries'],
      parameters: [
        { name: 'status', in: 'query', required: false, description: 'Only deliveries in this status.', schema: schema('DeliveryStatus') },
        ref('parameters', 'Limit'),
        ref('parameters', 'Cursor'),
        ref('parameters', 'CorrelationId'),
      ],
      responses: {
        200: { description: 'One page.', headers: correlation, content: json(schema('DeliveryList')) },
        ...errors(400, ...READ_ERRORS, 404),
      },
    },
  },
};
