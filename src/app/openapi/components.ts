/**
 * Shared OpenAPI components: security, problem details, the headers and parameters of the
 * conventions in API.md, and one response per error status. Module documents name these by
 * `$ref` only, so a module never imports the app layer; the OpenAPI test resolves every `$ref`.
 */

const problem = (description: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers: { 'X-Correlation-Id': { $ref: '#/components/headers/CorrelationId' }, ...headers },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const commonComponents = {
  securitySchemes: {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'HS256 with the shared secret, or RS256/ES256 with the identity provider\'s JWKS. Claims: `sub`, `role` ' +
        '(`admin` | `brand_manager` | `viewer`), `brands` (brand ids; `admin` acts on all). `iss`/`aud` are checked when configured.',
    },
  },
  schemas: {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. `type` is a stable URN clients can switch on (`urn:problem-type:campaign-service:<slug>`).',
      required: ['type', 'title', 'status', 'detail'],
      properties: {
        type: { type: 'string', examples: ['urn:problem-type:campaign-service:validation-error'] },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string' },
        errors: {
          type: 'array',
          description: 'One item per bad field (400 validation errors only).',
          items: { $ref: '#/components/schemas/FieldError' },
        },
      },
    },
    FieldError: {
      type: 'object',
      required: ['field', 'message'],
      properties: {
        field: { type: 'string', description: 'Path of the field in the request, e.g. `callingWindow.start`, or a query parameter name.' },
        message: { type: 'string' },
      },
    },
    EmptyRequest: {
      type: 'object',
      description: 'An action that takes no data: send no body or `{}`; any field answers 400.',
      additionalProperties: false,
    },
  },
  parameters: {
    IfMatch: {
      name: 'If-Match',
      in: 'header',
      required: false,
      description:
        'The `ETag` last read (`"<version>"`). When it is not the current version the write answers 412 and changes nothing. ' +
        'Absent (or `*`): the write applies to the current version.',
      schema: { type: 'string', examples: ['"3"'] },
    },
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: within 24 h the same key (per user) with the same method, URL and body answers the first ' +
        'response again, with `Idempotent-Replayed: true`, and does nothing twice; the same key with a different request answers 422.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    },
    CorrelationId: {
      name: 'X-Correlation-Id',
      in: 'header',
      required: false,
      description: 'Traces the request through logs and the events it causes; generated when absent or invalid, and echoed in the response.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    },
    Limit: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Page size.',
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    },
    Cursor: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'Opaque `nextCursor` of the previous page, used with the same filters; a cursor the list did not return answers 400.',
      schema: { type: 'string' },
    },
  },
  headers: {
    ETag: {
      required: true,
      description: 'The resource version, `"<version>"`; send it back as `If-Match`.',
      schema: { type: 'string', pattern: '^"\\d+"$', examples: ['"1"'] },
    },
    Location: {
      required: true,
      description: 'URL of the created resource.',
      schema: { type: 'string', format: 'uri-reference' },
    },
    IdempotentReplayed: {
      description: 'Present when this is the recorded response of an earlier request with the same `Idempotency-Key`.',
      schema: { type: 'string', enum: ['true'] },
    },
    CorrelationId: {
      required: true,
      description: 'The request\'s correlation id (the caller\'s `X-Correlation-Id`, or a generated one).',
      schema: { type: 'string' },
    },
    RetryAfter: {
      required: true,
      description: 'Seconds until the caller may send again.',
      schema: { type: 'string', pattern: '^\\d+$' },
    },
    RateLimit: {
      description: 'The caller\'s remaining budget (IETF RateLimit header fields, draft 8).',
      schema: { type: 'string', examples: ['"6000-in-1min"; r=0; t=42'] },
    },
    WWWAuthenticate: {
      required: true,
      description: 'Bearer challenge.',
      schema: { type: 'string', examples: ['Bearer realm="campaign-service"'] },
    },
  },
  responses: {
    BadRequest: problem('Malformed JSON, failed validation (one `errors` item per bad field or query parameter), unknown fields, or an invalid `Idempotency-Key`.'),
    Unauthorized: problem('Missing, expired or badly signed token.', { 'WWW-Authenticate': { $ref: '#/components/headers/WWWAuthenticate' } }),
    Forbidden: problem('The token\'s role may not do this (a `viewer` writing), or the body names a brand the token does not hold.'),
    NotFound: problem('No such resource, or it belongs to a brand the token does not hold (never revealed).'),
    Conflict: problem('The action conflicts with the current state; `detail` names the current status and the attempted action. Also answered when concurrent writers kept colliding.'),
    PreconditionFailed: problem('`If-Match` does not match the current version.'),
    PayloadTooLarge: problem('The body exceeds the size limit.'),
    UnsupportedMediaType: problem('The body is not `application/json`.'),
    IdempotencyKeyReused: problem('The `Idempotency-Key` was already used with a different request.'),
    TooManyRequests: problem('More requests from this caller in the last minute than `RATE_LIMIT_PER_MINUTE` allows.', {
      'Retry-After': { $ref: '#/components/headers/RetryAfter' },
      RateLimit: { $ref: '#/components/headers/RateLimit' },
    }),
    InternalError: problem('Unexpected error; the detail is generic and the error is logged under the correlation id.'),
  },
};
