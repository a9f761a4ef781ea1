// Object Mother for lead request bodies (API.md, "Leads"), plus helpers every lead e2e test
// shares. Each test overrides only the fields it is about.
import { openApiDocument } from '../../src/app/openapi/document.js';
import { validate } from './json-schema.js';
import type { ApiResponse } from './test-app.js';

export interface LeadRequest {
  brandId: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  email?: string | null;
  timezone?: string | null;
  region?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  treatment?: string;
  nextActionAt?: string | null;
  notes?: string;
  score?: number;
  stage?: string;
  assignedTo?: string | null;
  defaultCountry?: string;
}

let sequence = 0;

/** A distinct valid Colombian mobile number in international form (`+57 300 …`), and its E.164. */
export function aPhone(): { written: string; e164: string } {
  const subscriber = String(1_000_000 + (sequence++ % 9_000_000));
  return { written: `+57 300 ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`, e164: `+57300${subscriber}` };
}

/** The smallest valid create body: a brand and a fresh phone. */
export function aLead(overrides: Partial<LeadRequest> & Record<string, unknown> = {}): LeadRequest & Record<string, unknown> {
  return { brandId: 'acme', phone: aPhone().written, ...overrides };
}

/** A create body with every writable field set. */
export function aFullLead(overrides: Partial<LeadRequest> & Record<string, unknown> = {}): LeadRequest & Record<string, unknown> {
  return aLead({
    firstName: 'Ana',
    lastName: 'Pérez',
    email: 'ana@example.com',
    timezone: 'America/Bogota',
    region: 'andina',
    tags: ['vip'],
    customFields: { specialty: 'anesthesiology', budget: 120000 },
    treatment: 'manual_follow_up',
    nextActionAt: '2026-12-01T15:00:00.000Z',
    notes: 'Prefers mornings',
    score: 40,
    stage: 'profiling',
    assignedTo: 'agent-7',
    ...overrides,
  });
}

type Request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

/** Creates a lead through the API (failing the test unless 201) and returns its representation. */
export async function createLead(api: Request, overrides: Partial<LeadRequest> & Record<string, unknown> = {}): Promise<any> {
  const res = await api('POST', '/api/v1/leads', aLead(overrides));
  if (res.status !== 201) throw new Error(`creating a lead answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const document = openApiDocument();

/** Asserts a body is valid against a schema of the OpenAPI document, with no undocumented field. */
export function expectDocumented(schemaName: string, body: unknown): void {
  const problems = validate({ $ref: `#/components/schemas/${schemaName}` }, body, document, { rejectUndeclared: true });
  expect({ schemaName, problems }).toEqual({ schemaName, problems: [] });
}
