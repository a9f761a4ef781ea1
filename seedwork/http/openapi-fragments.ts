// Building blocks of the modules' OpenAPI paths. They reference shared components by name only
// (defined in src/app/openapi/components.ts), so a module's document does not import the app layer.

export type Schema = Record<string, unknown>;
export type ComponentKind = 'schemas' | 'responses' | 'parameters' | 'headers';

/** `{$ref}` to a shared component. */
export const ref = (kind: ComponentKind, name: string) => ({ $ref: `#/components/${kind}/${name}` });
/** `{$ref}` to a schema. */
export const schema = (name: string) => ref('schemas', name);
/** An `application/json` content map. */
export const json = (s: Schema) => ({ 'application/json': { schema: s } });

export const ERROR_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'IdempotencyKeyReused',
  429: 'TooManyRequests',
  500: 'InternalError',
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** The responses map entries of the given error statuses. */
export const errors = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), ref('responses', ERROR_RESPONSES[status])]));

// Every /api/v1 route authenticates, is rate limited per caller and may fail unexpectedly;
// bodies may be too large or not JSON.
export const READ_ERRORS: ErrorStatus[] = [401, 429, 500];
export const BODY_ERRORS: ErrorStatus[] = [400, 413, 415];

export const correlation = { 'X-Correlation-Id': ref('headers', 'CorrelationId') };
export const versioned = { ETag: ref('headers', 'ETag'), ...correlation };
export const replayable = { 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') };
