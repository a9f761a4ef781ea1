import { IMPORT_FIELDS } from '../application/import-leads-columns.js';
import { LISTED_IMPORT_ERRORS } from '../application/import-leads-view.js';
import { MAX_CUSTOM_FIELDS } from '../domain/value-objects/custom-fields.js';

// OpenAPI 3.1 description of the CSV import routes (lead-import.routes.ts). Shared components
// (Problem, error responses, headers) are named by `$ref` only, so this module does not import
// the app layer.

type Schema = Record<string, unknown>;
type ComponentKind = 'schemas' | 'responses' | 'parameters' | 'headers';

const ref = (kind: ComponentKind, name: string) => ({ $ref: `#/components/${kind}/${name}` });
const schema = (name: string) => ref('schemas', name);
const json = (s: Schema) => ({ 'application/json': { schema: s } });
const count = (description: string): Schema => ({ type: 'integer', minimum: 0, description });
const code = (s: string) => `\`${s}\``;
const correlation = { 'X-Correlation-Id': ref('headers', 'CorrelationId') };
const problem = (description: string) => ({
  description,
  headers: correlation,
  content: { 'application/problem+json': { schema: schema('Problem') } },
});

const TAGS = ['Lead imports'];
const BASE = '/api/v1/leads/imports';

const COLUMNS =
  `Header names are case-insensitive: ${IMPORT_FIELDS.map(code).join(', ')} (tags separated by ${code(';')}); every other ` +
  `column is a custom field named by its header (at most ${MAX_CUSTOM_FIELDS}; letters, digits and ${code('_')}, starting with a letter or ${code('_')}). ` +
  'A custom cell that reads back exactly as a number (`120000`, `-3.5`, not `007`) is stored as a number, `true`/`false` (any case) as a boolean, ' +
  'anything else as text. Empty cells are no value. The header needs a phone or an email column.';

const ROWS =
  'Each row is validated by the same rules as `POST /leads` (phone normalised to E.164 with `defaultCountry` for national numbers, email, IANA ' +
  'time zone, tags, custom fields, `score` 0..100, `stage`); a bad row is rejected with every reason and never stops the import. A row with ' +
  'a value count different from the header\'s (extra empty cells aside) is rejected as a whole (`field` = `row`). Blank lines are ignored. ' +
  'Rows are numbered as a spreadsheet shows them: the header is row 1.';

const DUPLICATES =
  'Rows apply as if one after the other: a row whose phone (or, without a phone, whose email, case-insensitively) matches a lead of the brand ' +
  'that exists at that point — from before the import or created by an earlier row — is a duplicate. `skip` (default): counted in `rowsSkipped`. ' +
  '`update`: the lead\'s contact fields the row has values for change (each custom column sets its own key, the lead\'s other custom fields stay; ' +
  'stage and score of an existing lead are not changed, they have their own actions), with one `LeadUpdated` and `version` + 1; a row that changes ' +
  'nothing counts as skipped, and an email matching several leads rejects the row. New leads get `LeadCreated`, exactly as `POST /leads` records it.';

const LOADING =
  'The file is streamed, never held in memory: it is read only as fast as rows are loaded. Rows commit in batches (2,000 by default, `IMPORT_BATCH_SIZE`), each in one ' +
  'transaction with its leads, their events and the progress counts, so the counts always describe committed data and no half batch is ever ' +
  'visible. Other writers of the brand\'s leads are never overwritten: a batch that raced one is planned again.';

const ANSWER =
  'The answer is sent in two steps: its status line and `Location` as soon as the header line has been read and the import accepted, so a client ' +
  'can follow `GET {Location}` while it is still sending the file; its body once the whole file has been received — `status` is then ' +
  '`running` (the last batches are still loading: the import goes on after the answer) or `failed` when the file broke midway (over ' +
  '`IMPORT_MAX_BYTES`, not valid CSV, or the upload interrupted). Problems found before acceptance are answered with their own status: the header ' +
  'line (400, naming every problem), binary or non-UTF-8 data (400), a `Content-Length` over the limit (413), the media type (415). ' +
  'The connection is closed after the answer. `Idempotency-Key`: the same key, URL and file (compared by SHA-256) within 24 h answers the ' +
  'recorded 202 again without importing anything; another URL or file answers 422; 409 while the first request is still sending its file ' +
  '(a first import that failed before the end of its file has no hash to compare: its 202 is answered again).';

export const leadImportSchemas = {
  LeadImportFile: {
    type: 'string',
    contentMediaType: 'text/csv',
    description: `UTF-8 CSV (RFC 4180 quoting, embedded delimiters and line breaks), optional BOM, ${code(',')} or ${code(';')} as delimiter (the one the header line uses most). ${COLUMNS}`,
    // Closed like every request body of this API; on a string it constrains nothing.
    additionalProperties: false,
    examples: ['firstName,lastName,phone,email,tags,score,stage,specialty\nAna,Pérez,300 123 4567,ana@example.com,vip;gold,40,new,anesthesiology\n'],
  },
  LeadImportAccepted: {
    type: 'object',
    required: ['id', 'status'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['running', 'failed'], description: 'At the end of the upload (see the operation).' },
    },
  },
  LeadImportError: {
    type: 'object',
    required: ['row', 'field', 'message'],
    properties: {
      row: { type: 'integer', minimum: 2, description: 'Row of the file; the header is row 1.' },
      field: { type: 'string', description: 'The column as the header names it, or `row` for the row as a whole.' },
      message: { type: 'string' },
    },
  },
  LeadImport: {
    type: 'object',
    required: [
      'id', 'brandId', 'status', 'onDuplicate', 'defaultCountry', 'rowsTotal', 'rowsImported', 'rowsUpdated', 'rowsSkipped', 'rowsRejected',
      'errors', 'failureReason', 'startedAt', 'updatedAt', 'finishedAt',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      brandId: { type: 'string' },
      status: {
        type: 'string',
        enum: ['running', 'completed', 'failed'],
        description: 'An import whose process stopped (crash, restart) is `failed` as soon as it is read, or when any process starts another import.',
      },
      onDuplicate: { type: 'string', enum: ['skip', 'update'] },
      defaultCountry: { type: ['string', 'null'], pattern: '^[A-Z]{2}$' },
      rowsTotal: count('Rows read and committed so far (blank lines excluded); always the sum of the four counts below.'),
      rowsImported: count('New leads.'),
      rowsUpdated: count('Rows that changed an existing lead (`onDuplicate=update`).'),
      rowsSkipped: count('Duplicates left as they were.'),
      rowsRejected: count('Invalid rows, in `errors` and errors.csv.'),
      errors: { type: 'array', maxItems: LISTED_IMPORT_ERRORS, items: schema('LeadImportError'), description: `The first ${LISTED_IMPORT_ERRORS} errors in row order (a row may have several); errors.csv has every rejected row.` },
      failureReason: { type: ['string', 'null'], description: 'Why a `failed` import stopped; what it committed before stays, in whole batches.' },
      startedAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time', description: 'Last committed batch.' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
};

const importIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Import id. Another brand\'s import, like an unknown id or one that is not a UUID, answers 404.',
  schema: { type: 'string', format: 'uuid' },
};

const query = (name: string, required: boolean, description: string, s: Schema) => ({ name, in: 'query', required, description, schema: s });

export const leadImportPaths = {
  [BASE]: {
    post: {
      operationId: 'importLeads',
      summary: 'Import leads from a CSV file',
      description: [ROWS, DUPLICATES, LOADING, ANSWER].join('\n\n'),
      tags: TAGS,
      parameters: [
        query('brandId', true, 'The brand the leads are imported into; the token must hold it (403 otherwise).', { type: 'string' }),
        query('onDuplicate', false, 'What a row matching an existing lead does.', { type: 'string', enum: ['skip', 'update'], default: 'skip' }),
        query('defaultCountry', false, 'ISO 3166-1 alpha-2 country (case-insensitive) national phone numbers of the file are read in; international forms need none.', { type: 'string', pattern: '^[A-Za-z]{2}$' }),
        ref('parameters', 'IdempotencyKey'),
        ref('parameters', 'CorrelationId'),
      ],
      requestBody: { required: true, content: { 'text/csv': { schema: schema('LeadImportFile') } } },
      responses: {
        202: {
          description: 'Accepted: headers at once, body at the end of the upload.',
          headers: { Location: ref('headers', 'Location'), 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed'), ...correlation },
          content: json(schema('LeadImportAccepted')),
        },
        400: ref('responses', 'BadRequest'),
        401: ref('responses', 'Unauthorized'),
        403: ref('responses', 'Forbidden'),
        409: problem('The first request with this `Idempotency-Key` is still sending its file.'),
        413: problem('`Content-Length` over `IMPORT_MAX_BYTES` (a body found too large only while streaming fails the import instead).'),
        415: problem('The body is not `text/csv`, or its charset is not UTF-8.'),
        422: ref('responses', 'IdempotencyKeyReused'),
        500: ref('responses', 'InternalError'),
      },
    },
  },
  [`${BASE}/{id}`]: {
    parameters: [importIdParameter],
    get: {
      operationId: 'getLeadImport',
      summary: 'Progress and result of an import',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: { description: 'The import, as of its last committed batch.', headers: correlation, content: json(schema('LeadImport')) },
        400: ref('responses', 'BadRequest'),
        401: ref('responses', 'Unauthorized'),
        404: ref('responses', 'NotFound'),
        500: ref('responses', 'InternalError'),
      },
    },
  },
  [`${BASE}/{id}/errors.csv`]: {
    parameters: [importIdParameter],
    get: {
      operationId: 'getLeadImportErrors',
      summary: 'Every rejected row of an import, as CSV',
      description:
        'UTF-8 with BOM, `,`-separated, CRLF. One line per rejected row: `row`, `reason` (every `column: message`, `; `-separated), then the row\'s ' +
        'own cells under the file\'s header, so the rows can be fixed and imported again once the first two columns are removed. Every cell that ' +
        'starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `\'`, so no spreadsheet runs it as a formula.',
      tags: TAGS,
      parameters: [ref('parameters', 'CorrelationId')],
      responses: {
        200: {
          description: 'The rejected rows (only the header line when there are none).',
          headers: correlation,
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        400: ref('responses', 'BadRequest'),
        401: ref('responses', 'Unauthorized'),
        404: ref('responses', 'NotFound'),
        500: ref('responses', 'InternalError'),
      },
    },
  },
};
