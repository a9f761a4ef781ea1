import type { Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './document.js';

/** `GET /openapi.json` (OpenAPI 3.1) and a browsable page at `/docs`; both public, like the contract they describe. */
export function mountDocs(server: Express): void {
  const document = openApiDocument();
  server.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  server.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Campaign service API' }));
}
