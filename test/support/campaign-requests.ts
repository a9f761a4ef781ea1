// Object Mother for campaign request bodies (API.md, "Campaigns"), plus the few assertions every
// campaign e2e test shares. Each test overrides only the fields it is about.
import type { DataSource } from 'typeorm';
import type { ApiResponse } from './test-app.js';
import { seedReachableLeads } from './lead-seeds.js';

export interface CampaignRequest {
  brandId: string;
  name: string;
  type: string;
  objective: string;
  channel: string;
  description?: string;
  schedule?: { startAt: string; endAt?: string | null } | null;
  callingWindow?: { start: string; end: string; days: string[]; timezone: string } | null;
  retryPolicy?: { maxRetries: number; retryDelayMinutes: number };
  budget?: { amount: string; currency: string } | null;
  maxPerDay?: number | null;
  priority?: number;
  scriptTemplate?: string | null;
}

/**
 * Overrides may hold any JSON on purpose (tests send invalid bodies too), so their values are not
 * checked against CampaignRequest; the result is typed as a request for the tests' convenience.
 */
export type CampaignOverrides = { [K in keyof CampaignRequest]?: unknown } & Record<string, unknown>;

/** The smallest valid create body: only the required fields. */
export function aCampaign(overrides: CampaignOverrides = {}): CampaignRequest & Record<string, unknown> {
  return { brandId: 'acme', name: 'Black Friday', type: 'loyalty', objective: 'sales', channel: 'call', ...overrides } as CampaignRequest & Record<string, unknown>;
}

/** A create body with every writable field set (schedule left out: it depends on the clock). */
export function aFullCampaign(overrides: CampaignOverrides = {}): CampaignRequest & Record<string, unknown> {
  return aCampaign({
    description: 'Yearly sale for loyal customers',
    callingWindow: { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], timezone: 'America/Bogota' },
    retryPolicy: { maxRetries: 4, retryDelayMinutes: 45 },
    budget: { amount: '1500.5', currency: 'USD' },
    maxPerDay: 500,
    priority: 7,
    scriptTemplate: 'Hola {{firstName}}, tenemos una oferta',
    ...overrides,
  });
}

/** An ISO instant `minutes` after `from` (the test clock's now). */
export function minutesAfter(from: Date, minutes: number): string {
  return new Date(from.getTime() + minutes * 60_000).toISOString();
}

/** A schedule body starting/ending the given minutes after `now`. */
export function aSchedule(now: Date, startInMinutes = 60, endInMinutes: number | null = 24 * 60): { startAt: string; endAt?: string } {
  return { startAt: minutesAfter(now, startInMinutes), ...(endInMinutes !== null && { endAt: minutesAfter(now, endInMinutes) }) };
}

/** ISO 8601 UTC with milliseconds, as API.md writes timestamps. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Asserts an RFC 9457 problem+json answer with the given status, and returns its body.
 * `detail` (when given) must be contained in the detail text.
 */
export function expectProblem(res: ApiResponse, status: number, detail?: RegExp | string): { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] } {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({
    type: expect.stringMatching(/\S/),
    title: expect.stringMatching(/\S/),
    status,
    detail: expect.stringMatching(/\S/),
  }));
  if (detail !== undefined) expect(res.body.detail).toMatch(detail);
  return res.body;
}

/** Asserts a 400 whose `errors` name exactly these fields (one item per bad field), in any order. */
export function expectFieldErrors(res: ApiResponse, fields: string[]): { field: string; message: string }[] {
  const problem = expectProblem(res, 400);
  const errors = problem.errors ?? [];
  expect(errors.map((e) => e.field).sort()).toEqual([...fields].sort());
  for (const e of errors) expect(e.message).toMatch(/\S/);
  return errors;
}

export type CampaignStatusName = 'draft' | 'scheduled' | 'active' | 'paused' | 'finished' | 'cancelled';
type Request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

/** What campaign setup needs from the test app: its clock, and its database to seed leads. */
export interface CampaignSetup {
  clock: { now(): Date };
  dataSource: DataSource;
}

/**
 * Gives a campaign an audience, as activation needs: seeds `count` reachable leads of the brand
 * with SQL and adds them through `POST /campaigns/{id}/audience`; returns that answer's body.
 */
export async function giveAudience(t: CampaignSetup, api: Request, campaignId: string, brandId: string, count = 1): Promise<any> {
  const leadIds = await seedReachableLeads(t.dataSource, brandId, count);
  const res = await api('POST', `/api/v1/campaigns/${campaignId}/audience`, { leadIds });
  if (res.status !== 200) throw new Error(`adding an audience answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Creates a campaign through the API and drives it into `status` with the public actions only;
 * returns its final representation. It first gets an audience of `audience` leads (default 1;
 * 0 for none), as activation needs one, so a `draft` is ready to activate at version 2.
 */
export async function createCampaignIn(
  t: CampaignSetup, api: Request, status: CampaignStatusName, overrides: CampaignOverrides = {}, options: { audience?: number } = {},
): Promise<any> {
  const ok = async (res: Promise<ApiResponse>, expected = 200) => {
    const r = await res;
    if (r.status !== expected) throw new Error(`setup step answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  let campaign = await ok(api('POST', '/api/v1/campaigns', aCampaign(overrides)), 201);
  const path = `/api/v1/campaigns/${campaign.id}`;
  const audience = options.audience ?? 1;
  if (audience > 0) {
    await giveAudience(t, api, campaign.id, campaign.brandId, audience);
    campaign = await ok(api('GET', path));
  }
  switch (status) {
    case 'draft': return campaign;
    case 'scheduled': return ok(api('POST', `${path}/schedule`, aSchedule(t.clock.now())));
    case 'cancelled': return ok(api('POST', `${path}/cancel`, { reason: 'setup' }));
    default: break;
  }
  const active = await ok(api('POST', `${path}/activate`));
  if (status === 'active') return active;
  if (status === 'finished') return ok(api('POST', `${path}/finish`));
  return ok(api('POST', `${path}/pause`));
}
