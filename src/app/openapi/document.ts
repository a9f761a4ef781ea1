import { campaignPaths } from '../../campaigns/http/campaign.openapi.js';
import { commonComponents } from './components.js';

/** The OpenAPI 3.1 description of everything the service serves. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campaign management service',
      version: '1.0.0',
      description: 'Outbound campaigns over calls, WhatsApp, Telegram, email and SMS. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths: { ...campaignPaths },
    components: commonComponents,
  };
}
