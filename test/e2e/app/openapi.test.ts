import { API_PREFIX, apiRouters } from '../../../src/app/server.js';
import { channelWebhookRoutes } from '../../../src/dispatch/index.js';
import { resolvePointer, validate, type JsonSchema } from '../../support/json-schema.js';
import { client, startTestApp, type ApiResponse, type TestApp } from '../../support/test-app.js';
import { aLeadSeed, seedLeads } from '../../support/lead-seeds.js';
import { placeCalls, reportCall } from '../../support/call-fixtures.js';
import {
  aCallStatus, aTelegramMessage, configureProviderWebhooks, telegramHeaders, twilioCallback, unsignedTwilioCallback,
} from '../../support/provider-webhooks.js';

// The OpenAPI document is checked against the running application: the same routes both ways,
// every $ref resolvable, and real responses (success and error) valid against what it declares.

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

/** Routes the app serves outside the module routers. */
const TOP_LEVEL_ROUTES = ['GET /health/live', 'GET /health/ready', 'GET /openapi.json'];

interface Ref { $ref: string }
interface HeaderObject { required?: boolean; schema: JsonSchema }
interface ParameterObject { name: string; in: string; required?: boolean; schema: JsonSchema }
interface ResponseObject { description: string; headers?: Record<string, HeaderObject | Ref>; content?: Record<string, { schema: JsonSchema }> }
interface Operation {
  operationId: string;
  summary: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<ParameterObject | Ref>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject | Ref>;
}
type PathItem = { parameters?: Array<ParameterObject | Ref> } & Partial<Record<HttpMethod, Operation>>;
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function deref<T extends object>(doc: OpenApiDocument, value: T | Ref): T {
  if (!('$ref' in value)) return value;
  const target = resolvePointer(doc, value.$ref);
  if (target === undefined || typeof target !== 'object' || target === null) throw new Error(`unresolved ${value.$ref}`);
  return deref(doc, target as T | Ref);
}

function operations(doc: OpenApiDocument): Array<{ method: HttpMethod; path: string; item: PathItem; operation: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({ method, path, item, operation: item[method]! })));
}

function parametersOf(doc: OpenApiDocument, item: PathItem, operation: Operation): ParameterObject[] {
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(doc, p));
}

/** Every `$ref` in the document, with where it was found. */
function refsIn(node: unknown, at = '#'): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) return node.flatMap((child, i) => refsIn(child, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([name, child]) =>
    name === '$ref' && typeof child === 'string' ? [{ at, ref: child }] : refsIn(child, `${at}/${name}`));
}

/** `METHOD path` of every route in the module routers (API and provider webhooks), as OpenAPI templates it. */
function servedRoutes(t: TestApp): Set<string> {
  const routes = new Set(TOP_LEVEL_ROUTES);
  const mounted = [...apiRouters(t.app).map((router) => [API_PREFIX, router] as const), ['', channelWebhookRoutes(t.app.container)] as const];
  for (const [prefix, router] of mounted) {
    for (const layer of router.stack) {
      if (!layer.route) continue;
      // Express 5 keeps the route's methods as `{ post: true }`; the type definitions leave them out.
      const route = layer.route as typeof layer.route & { methods: Record<string, boolean> };
      expect(typeof route.path).toBe('string');
      const path = prefix + route.path.replace(/:(\w+)/g, '{$1}');
      for (const [method, enabled] of Object.entries(route.methods)) if (enabled) routes.add(key(method, path));
    }
  }
  return routes;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    configureProviderWebhooks();
    t = await startTestApp();
    const served = await client(t.baseUrl)<OpenApiDocument>('GET', '/openapi.json');
    expect(served.status).toBe(200);
    doc = served.body;
  });
  afterAll(async () => { await t.close(); });

  it('is served publicly as OpenAPI 3.1 JSON', async () => {
    const res = await fetch(`${t.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const parsed = JSON.parse(await res.text()) as OpenApiDocument;
    expect(parsed.openapi).toMatch(/^3\.1\.\d+$/);
    expect(parsed.info.description).toMatch(/Idempotency-Key/);
  });

  it('documents every route the app serves, and no other', () => {
    const served = servedRoutes(t);
    const documented = new Set(operations(doc).map(({ method, path }) => key(method, path)));
    expect([...served].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((r) => !served.has(r)).sort()).toEqual([]);
    // Guards against a walk that found nothing and compared two near-empty sets.
    expect(served.size).toBeGreaterThan(TOP_LEVEL_ROUTES.length + 10);
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined)).toEqual([]);
  });

  it('follows the API conventions on every operation', () => {
    // Expectations carry `where` so a failure names the operation it is about.
    const ids = operations(doc).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, item, operation } of operations(doc)) {
      const where = key(method, path);
      const headers = parametersOf(doc, item, operation).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ where, summary: typeof operation.summary, tags: operation.tags?.length }).toEqual({ where, summary: 'string', tags: 1 });
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.keys(deref(doc, response).content ?? {});
        // Errors are problem+json; the readiness probe's 503 is a probe answer (documented).
        if (Number(status) >= 400 && where !== 'GET /health/ready') expect({ where, status, media }).toEqual({ where, status, media: ['application/problem+json'] });
      }
      if (!path.startsWith(API_PREFIX)) {
        expect({ where, security: operation.security }).toEqual({ where, security: [] });
        continue;
      }
      // Our own request bodies refuse unknown fields; provider webhooks take the providers' formats as they grow.
      for (const body of Object.values(operation.requestBody?.content ?? {})) {
        expect({ where, additionalProperties: deref(doc, body.schema).additionalProperties }).toEqual({ where, additionalProperties: false });
      }
      expect({ where, statuses: Object.keys(operation.responses) }).toEqual({ where, statuses: expect.arrayContaining(['401', '500']) });
      if (method === 'post') {
        expect({ where, headers }).toEqual({ where, headers: expect.arrayContaining(['Idempotency-Key']) });
        expect({ where, statuses: Object.keys(operation.responses) }).toEqual({ where, statuses: expect.arrayContaining(['422']) });
      }
      if (method !== 'get' && path.includes('{id}')) {
        expect({ where, headers }).toEqual({ where, headers: expect.arrayContaining(['If-Match']) });
        expect({ where, statuses: Object.keys(operation.responses) }).toEqual({ where, statuses: expect.arrayContaining(['403', '404', '412']) });
      }
    }
  });

  it('serves swagger-ui at /docs', async () => {
    const res = await fetch(`${t.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('swagger-ui');
  });

  describe('real responses match the documented schemas', () => {
    type Api = ReturnType<typeof client>;
    interface Exchange {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
      /** The body is meant to break the documented request schema (and the server must refuse it). */
      invalidBody?: boolean;
    }
    const seenEventTypes = new Set<string>();

    /**
     * Sends a request to a documented operation and checks the answer against the document: the
     * status is documented, the content type is the documented one, the body validates (with no
     * undocumented field), required headers are present and every documented header present is valid.
     */
    async function exchange(api: Api, method: HttpMethod, template: string, options: Exchange = {}): Promise<ApiResponse> {
      const item = doc.paths[template];
      const operation = item?.[method];
      if (!item || !operation) throw new Error(`${key(method, template)} is not documented`);
      if (typeof options.body === 'object' && operation.requestBody) {
        const problems = validate(operation.requestBody.content['application/json']!.schema, options.body, doc);
        if (options.invalidBody) expect(problems).not.toEqual([]);
        else expect({ request: key(method, template), problems }).toEqual({ request: key(method, template), problems: [] });
      }
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
      const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
      const res = await api(method.toUpperCase(), path + query, options.body, options.headers);
      const where = `${key(method, template)} → ${res.status}`;

      const documented = operation.responses[String(res.status)];
      expect({ where, documented: documented !== undefined }).toEqual({ where, documented: true });
      const response = deref(doc, documented!);
      const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
      if (!mediaType) {
        expect({ where, body: res.body }).toEqual({ where, body: undefined });
      } else {
        expect({ where, contentType: res.headers.get('content-type')?.split(';')[0] }).toEqual({ where, contentType: mediaType });
        expect({ where, problems: validate(media!.schema, res.body, doc, { rejectUndeclared: true }) }).toEqual({ where, problems: [] });
      }
      for (const [name, header] of Object.entries(response.headers ?? {}).map(([n, h]) => [n, deref(doc, h)] as const)) {
        const value = res.headers.get(name);
        if (header.required) expect({ where, header: name, present: value !== null }).toEqual({ where, header: name, present: true });
        if (value !== null) expect({ where, header: name, problems: validate(header.schema, value, doc) }).toEqual({ where, header: name, problems: [] });
      }
      if (template.endsWith('/events') && res.status === 200) for (const e of res.body.items as Array<{ eventType: string }>) seenEventTypes.add(e.eventType);
      return res;
    }

    let manager: Api;
    const full = {
      brandId: 'acme',
      name: 'Black Friday',
      description: 'Loyalty calls for the sale',
      type: 'loyalty',
      objective: 'sales',
      channel: 'call',
      schedule: { startAt: '2026-12-01T09:00:00.000Z', endAt: '2026-12-31T18:00:00.000Z' },
      callingWindow: { start: '09:00', end: '18:00', days: ['fri', 'mon'], timezone: 'America/Bogota' },
      retryPolicy: { maxRetries: 2, retryDelayMinutes: 45 },
      budget: { amount: '1500', currency: 'USD' },
      maxPerDay: 500,
      priority: 7,
      scriptTemplate: 'Hola {{firstName}}',
    };
    const minimal = { brandId: 'acme', name: 'Quiet one', type: 'b2b', objective: 'engagement', channel: 'email' };

    beforeAll(async () => {
      manager = client(t.baseUrl, await t.token('brand_manager', ['acme']));
    });

    it('through a campaign\'s whole lifecycle', async () => {
      const created = await exchange(manager, 'post', '/api/v1/campaigns', { body: full, headers: { 'Idempotency-Key': 'openapi-create' } });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const replay = await exchange(manager, 'post', '/api/v1/campaigns', { body: full, headers: { 'Idempotency-Key': 'openapi-create' } });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(id);
      const reused = await exchange(manager, 'post', '/api/v1/campaigns', { body: minimal, headers: { 'Idempotency-Key': 'openapi-create' } });
      expect(reused.status).toBe(422);

      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}', { params: { id } })).status).toBe(200);
      const patch = { name: 'Black Friday 2026', maxPerDay: null, budget: { amount: '2000.50', currency: 'USD' } };
      expect((await exchange(manager, 'patch', '/api/v1/campaigns/{id}', { params: { id }, body: patch, headers: { 'If-Match': '"1"' } })).status).toBe(200);
      expect((await exchange(manager, 'patch', '/api/v1/campaigns/{id}', { params: { id }, body: { priority: 3 }, headers: { 'If-Match': '"1"' } })).status).toBe(412);

      const schedule = { startAt: '2026-12-02T09:00:00.000Z', endAt: null };
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/schedule', { params: { id }, body: schedule })).body.status).toBe('scheduled');
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/activate', { params: { id } })).status).toBe(409);
      const leads = await seedLeads(t.dataSource, [aLeadSeed({ brandId: 'acme' }), aLeadSeed({ brandId: 'acme' }), aLeadSeed({ brandId: 'acme', phone: null })]);
      const added = await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', {
        params: { id }, body: { leadIds: leads.map((l) => l.id), priority: 7 }, headers: { 'Idempotency-Key': 'openapi-audience' },
      });
      expect(added.body).toEqual({ added: 2, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 1 }, notFound: 0 });
      const members = await exchange(manager, 'get', '/api/v1/campaigns/{id}/audience', { params: { id }, query: { status: 'pending', limit: '1' } });
      const more = await exchange(manager, 'get', '/api/v1/campaigns/{id}/audience', { params: { id }, query: { cursor: members.body.nextCursor } });
      expect([...members.body.items, ...more.body.items].map((m: { leadId: string }) => m.leadId).sort()).toEqual([leads[0]!.id, leads[1]!.id].sort());
      const leadId = leads[1]!.id;
      expect((await exchange(manager, 'delete', '/api/v1/campaigns/{id}/audience/{leadId}', { params: { id, leadId }, headers: { 'If-Match': '"4"' } })).status).toBe(204);
      expect((await exchange(manager, 'delete', '/api/v1/campaigns/{id}/audience/{leadId}', { params: { id, leadId } })).status).toBe(404);
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/activate', { params: { id } })).body.status).toBe('active');
      const metrics = { salesCount: { increment: 2 }, salesAmount: '10.5', engagement: 4, budgetSpent: { increment: '1.25' } };
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/metrics', { params: { id }, body: metrics })).body.metrics.salesAmount).toBe('10.50');
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/pause', { params: { id }, body: { reason: 'stock' } })).body.status).toBe('paused');
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/resume', { params: { id } })).body.status).toBe('active');
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/finish', { params: { id }, body: {} })).body.status).toBe('finished');
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/metrics', { params: { id }, body: { salesCount: 5 } })).status).toBe(200);
      const late = await exchange(manager, 'post', '/api/v1/campaigns/{id}/cancel', { params: { id } });
      expect(late.status).toBe(409);
      expect(late.body.detail).toMatch(/finished/);

      const events = await exchange(manager, 'get', '/api/v1/campaigns/{id}/events', { params: { id }, query: { limit: '4' } });
      expect(events.body.nextCursor).toEqual(expect.any(String));
      const rest = await exchange(manager, 'get', '/api/v1/campaigns/{id}/events', { params: { id }, query: { cursor: events.body.nextCursor } });
      expect(events.body.items.length + rest.body.items.length).toBe(11);
    });

    it('for lists, cancel and delete', async () => {
      const cancelled = (await exchange(manager, 'post', '/api/v1/campaigns', { body: minimal })).body.id as string;
      const deleted = (await exchange(manager, 'post', '/api/v1/campaigns', { body: { ...minimal, name: 'Throwaway' } })).body.id as string;
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/cancel', { params: { id: cancelled }, body: { reason: 'budget cut' } })).body.cancelReason).toBe('budget cut');
      expect((await exchange(manager, 'delete', '/api/v1/campaigns/{id}', { params: { id: deleted }, headers: { 'If-Match': '"1"' } })).status).toBe(204);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}', { params: { id: deleted } })).status).toBe(404);
      const trail = await exchange(manager, 'get', '/api/v1/campaigns/{id}/events', { params: { id: deleted } });
      expect(trail.body.items.map((e: { eventType: string }) => e.eventType)).toEqual(['CampaignCreated', 'CampaignDeleted']);
      await exchange(manager, 'get', '/api/v1/campaigns/{id}/events', { params: { id: cancelled } });

      const page = await exchange(manager, 'get', '/api/v1/campaigns', { query: { brandId: 'acme', limit: '1' } });
      expect(page.body.items).toHaveLength(1);
      const next = await exchange(manager, 'get', '/api/v1/campaigns', { query: { brandId: 'acme', limit: '1', cursor: page.body.nextCursor } });
      expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
      const search = await exchange(manager, 'get', '/api/v1/campaigns', { query: { q: 'quiet', status: 'cancelled', type: 'b2b', objective: 'engagement', channel: 'email' } });
      expect(search.body.items.map((c: { id: string }) => c.id)).toEqual([cancelled]);
    });

    it('for errors', async () => {
      const unknownField = await exchange(manager, 'post', '/api/v1/campaigns', { body: { ...minimal, status: 'active' }, invalidBody: true });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      const missing = await exchange(manager, 'post', '/api/v1/campaigns', { body: { brandId: 'acme', priority: 11 }, invalidBody: true });
      expect(missing.status).toBe(400);
      expect((await exchange(manager, 'post', '/api/v1/campaigns', { body: '{"brandId":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
      expect((await exchange(manager, 'post', '/api/v1/campaigns', { body: 'name=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
      expect((await exchange(manager, 'get', '/api/v1/campaigns', { query: { status: 'running' } })).status).toBe(400);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}', { params: { id: 'not-a-uuid' } })).status).toBe(404);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}/events', { params: { id: '0190b6b4-0000-7000-8000-000000000000' } })).status).toBe(404);
      expect((await exchange(client(t.baseUrl), 'get', '/api/v1/campaigns')).status).toBe(401);
      const viewer = client(t.baseUrl, await t.token('viewer', ['acme']));
      expect((await exchange(viewer, 'post', '/api/v1/campaigns', { body: minimal })).status).toBe(403);
      expect((await exchange(manager, 'post', '/api/v1/campaigns', { body: { ...minimal, brandId: 'globex' } })).status).toBe(403);
    });

    it('for segments, previews and audiences', async () => {
      const viewer = client(t.baseUrl, await t.token('viewer', ['acme']));
      await seedLeads(t.dataSource, [
        aLeadSeed({ brandId: 'acme', stage: 'profiling', tags: ['vip'], customFields: { budget: 120000, specialty: 'cardiology' }, interactions: 6 }),
        aLeadSeed({ brandId: 'acme', stage: 'profiling', optedOutChannels: ['email'] }),
      ]);
      const criteria = { all: [{ field: 'stage', op: 'eq', value: 'profiling' }, { any: [{ field: 'tags', op: 'contains_any', value: ['vip'] }, { field: 'customFields.budget', op: 'gte', value: 1 }, { field: 'interactions', op: 'lt', value: 10 }] }] };
      const created = await exchange(manager, 'post', '/api/v1/segments', { body: { brandId: 'acme', name: 'Profiling VIPs', criteria }, headers: { 'Idempotency-Key': 'openapi-segment' } });
      expect(created.status).toBe(201);
      const segmentId: string = created.body.id;
      expect((await exchange(manager, 'post', '/api/v1/segments', { body: { brandId: 'acme', name: 'Profiling VIPs', criteria }, headers: { 'Idempotency-Key': 'openapi-segment' } })).headers.get('idempotent-replayed')).toBe('true');
      await exchange(manager, 'post', '/api/v1/segments', { body: { brandId: 'acme', name: 'Second', criteria: { any: [{ field: 'lastContactedAt', op: 'exists', value: false }] } } });
      const page = await exchange(manager, 'get', '/api/v1/segments', { query: { brandId: 'acme', limit: '1' } });
      expect((await exchange(viewer, 'get', '/api/v1/segments', { query: { cursor: page.body.nextCursor } })).body.items).toHaveLength(1);
      expect((await exchange(viewer, 'get', '/api/v1/segments/{id}', { params: { id: segmentId } })).body.criteria).toEqual(criteria);
      expect((await exchange(viewer, 'get', '/api/v1/segments/predefined')).body.items.map((s: { id: string }) => s.id)).toEqual(['new_last_7_days', 'engaged', 'inactive_30_days']);

      const preview = await exchange(viewer, 'post', '/api/v1/segments/preview', { body: { brandId: 'acme', criteria } });
      expect(preview.body.total).toBeGreaterThanOrEqual(2);
      const onEmail = await exchange(manager, 'post', '/api/v1/segments/preview', { body: { brandId: 'acme', criteria, channel: 'email' } });
      expect(onEmail.body.excluded.optedOut).toBeGreaterThanOrEqual(1);
      const badNode = await exchange(manager, 'post', '/api/v1/segments/preview', { body: { brandId: 'acme', criteria: { all: [{ field: 'score', op: 'contains_any', value: [1] }] } } });
      expect(badNode.body.errors).toEqual([expect.objectContaining({ field: 'criteria.all[0].op' })]);
      const unknownField = await exchange(manager, 'post', '/api/v1/segments/preview', { body: { brandId: 'acme', criteria: { all: [{ field: 'stage', op: 'eq', value: 'new', x: 1 }] } }, invalidBody: true });
      expect(unknownField.status).toBe(400);
      expect((await exchange(manager, 'post', '/api/v1/segments/preview', { body: { brandId: 'globex', criteria } })).status).toBe(403);
      expect((await exchange(viewer, 'post', '/api/v1/segments', { body: { brandId: 'acme', name: 'x', criteria } })).status).toBe(403);

      const campaign = (await exchange(manager, 'post', '/api/v1/campaigns', { body: minimal })).body.id as string;
      for (const body of [{ segmentId }, { segmentId: 'engaged', priority: 3 }, { criteria }]) {
        expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body })).status).toBe(200);
      }
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body: { segmentId: '0190b6b4-0000-7000-8000-000000000000' } })).status).toBe(404);
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body: { segmentId, criteria }, invalidBody: true })).status).toBe(400);
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body: { segmentId }, headers: { 'If-Match': '"1"' } })).status).toBe(412);
      expect((await exchange(viewer, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body: { segmentId } })).status).toBe(403);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, query: { status: 'sent' } })).status).toBe(400);
      const [member] = (await exchange(viewer, 'get', '/api/v1/campaigns/{id}/audience', { params: { id: campaign } })).body.items;
      await t.dataSource.query(`UPDATE campaign_audience SET status = 'in_progress', attempts = 1, last_attempt_at = now() WHERE campaign_id = $1 AND lead_id = $2`, [campaign, member.leadId]);
      expect((await exchange(viewer, 'get', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, query: { status: 'in_progress' } })).body.items[0].lastAttemptAt).toEqual(expect.any(String));
      expect((await exchange(manager, 'delete', '/api/v1/campaigns/{id}/audience/{leadId}', { params: { id: campaign, leadId: member.leadId } })).status).toBe(409);
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/cancel', { params: { id: campaign } })).status).toBe(200);
      expect((await exchange(manager, 'post', '/api/v1/campaigns/{id}/audience', { params: { id: campaign }, body: { criteria } })).status).toBe(409);

      expect((await exchange(manager, 'delete', '/api/v1/segments/{id}', { params: { id: segmentId }, headers: { 'If-Match': '"2"' } })).status).toBe(412);
      expect((await exchange(viewer, 'delete', '/api/v1/segments/{id}', { params: { id: segmentId } })).status).toBe(403);
      expect((await exchange(manager, 'delete', '/api/v1/segments/{id}', { params: { id: segmentId }, headers: { 'If-Match': '"1"' } })).status).toBe(204);
      expect((await exchange(manager, 'get', '/api/v1/segments/{id}', { params: { id: segmentId } })).status).toBe(404);
    });

    it('for senders', async () => {
      const viewer = client(t.baseUrl, await t.token('viewer', ['acme']));
      const sms = { brandId: 'acme', channel: 'sms', provider: 'twilio', address: '+57 300 555 0101', ratePerSecond: 2.5, dailyCap: 1000 };
      const created = await exchange(manager, 'post', '/api/v1/senders', { body: sms, headers: { 'Idempotency-Key': 'openapi-sender' } });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      expect((await exchange(manager, 'post', '/api/v1/senders', { body: sms, headers: { 'Idempotency-Key': 'openapi-sender' } })).headers.get('idempotent-replayed')).toBe('true');
      expect((await exchange(manager, 'post', '/api/v1/senders', { body: sms })).status).toBe(409);
      expect((await exchange(manager, 'post', '/api/v1/senders', { body: { ...sms, ratePerSecond: 0 }, invalidBody: true })).status).toBe(400);
      await exchange(manager, 'post', '/api/v1/senders', { body: { brandId: 'acme', channel: 'email', provider: 'smtp', address: 'News@Acme.Example', ratePerSecond: 0.5 } });
      const page = await exchange(viewer, 'get', '/api/v1/senders', { query: { brandId: 'acme', limit: '1' } });
      const next = await exchange(viewer, 'get', '/api/v1/senders', { query: { cursor: page.body.nextCursor, channel: 'sms', provider: 'twilio', status: 'active' } });
      expect(next.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
      expect((await exchange(manager, 'get', '/api/v1/senders', { query: { channel: 'fax' } })).status).toBe(400);
      expect((await exchange(viewer, 'get', '/api/v1/senders/{id}', { params: { id } })).body.address).toBe('+573005550101');
      const patched = await exchange(manager, 'patch', '/api/v1/senders/{id}', { params: { id }, body: { ratePerSecond: 5, dailyCap: null, status: 'disabled' }, headers: { 'If-Match': '"1"' } });
      expect(patched.body).toEqual(expect.objectContaining({ version: 2, ratePerSecond: 5, dailyCap: null, status: 'disabled' }));
      expect((await exchange(manager, 'patch', '/api/v1/senders/{id}', { params: { id }, body: { channel: 'call' }, invalidBody: true })).status).toBe(400);
      expect((await exchange(manager, 'patch', '/api/v1/senders/{id}', { params: { id }, body: { ratePerSecond: 1 }, headers: { 'If-Match': '"1"' } })).status).toBe(412);
      expect((await exchange(viewer, 'patch', '/api/v1/senders/{id}', { params: { id }, body: { ratePerSecond: 1 } })).status).toBe(403);
      expect((await exchange(viewer, 'delete', '/api/v1/senders/{id}', { params: { id } })).status).toBe(403);
      expect((await exchange(manager, 'delete', '/api/v1/senders/{id}', { params: { id }, headers: { 'If-Match': '"2"' } })).status).toBe(204);
      expect((await exchange(manager, 'get', '/api/v1/senders/{id}', { params: { id } })).status).toBe(404);
    });

    it('for deliveries and voice calls', async () => {
      const viewer = client(t.baseUrl, await t.token('viewer', ['acme']));
      const unknown = '0190b6b4-0000-7000-8000-000000000000';
      const { campaign, calls: [placed] } = await placeCalls(t, manager, 'acme');
      const deliveries = await exchange(viewer, 'get', '/api/v1/campaigns/{id}/deliveries', { params: { id: campaign.id }, query: { status: 'succeeded', limit: '1' } });
      expect(deliveries.body.items).toHaveLength(1);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}/deliveries', { params: { id: campaign.id }, query: { status: 'delivered' } })).status).toBe(400);
      expect((await exchange(manager, 'get', '/api/v1/campaigns/{id}/deliveries', { params: { id: unknown } })).status).toBe(404);

      const id: string = placed.id;
      expect((await exchange(viewer, 'get', '/api/v1/calls/{id}', { params: { id } })).body.status).toBe('initiated');
      expect((await exchange(viewer, 'get', '/api/v1/calls/{id}', { params: { id: unknown } })).status).toBe(404);
      expect((await exchange(viewer, 'get', '/api/v1/campaigns/{id}/calls', { params: { id: campaign.id }, query: { status: 'initiated', limit: '1' } })).body.items).toHaveLength(1);
      expect((await exchange(viewer, 'get', '/api/v1/campaigns/{id}/calls', { params: { id: campaign.id }, query: { status: 'dialing' } })).status).toBe(400);
      expect((await exchange(viewer, 'get', '/api/v1/leads/{id}/calls', { params: { id: placed.leadId } })).body.items).toHaveLength(1);
      expect((await exchange(viewer, 'get', '/api/v1/leads/{id}/calls', { params: { id: unknown } })).status).toBe(404);

      const transcript = { transcript: [{ speaker: 'bot', text: 'Hola', offsetSeconds: 0 }, { speaker: 'customer', text: 'Sí', offsetSeconds: 1.5, confidence: 0.9 }] };
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: transcript })).status).toBe(409);
      await reportCall(t, placed.providerCallId, 'answered', 'completed');
      expect((await exchange(viewer, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: transcript })).status).toBe(403);
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: transcript, headers: { 'If-Match': '"1"' } })).status).toBe(412);
      const bad = { transcript: [{ speaker: 'robot', text: 'Hola', offsetSeconds: -1 }] };
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: bad, invalidBody: true })).status).toBe(400);
      const attached = await exchange(manager, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: transcript, headers: { 'Idempotency-Key': 'openapi-transcript' } });
      expect(attached.body.transcript).toHaveLength(2);
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/transcript', { params: { id }, body: bad, headers: { 'Idempotency-Key': 'openapi-transcript' }, invalidBody: true })).status).toBe(422);
      const summary = { summary: 'Agreed to a meeting.', outcome: { stageChange: 'meeting_scheduled', scoreDelta: 10 } };
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/summary', { params: { id }, body: summary })).body.outcome).toEqual(summary.outcome);
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/summary', { params: { id }, body: { summary: 'Something else', outcome: null } })).status).toBe(409);
      expect((await exchange(manager, 'post', '/api/v1/calls/{id}/summary', { params: { id: unknown }, body: summary })).status).toBe(404);
    });

    it('for provider webhooks', async () => {
      const anonymous = client(t.baseUrl);
      const path = '/webhooks/twilio/call-status?brandId=acme';
      const signed = twilioCallback(path, aCallStatus({ CallStatus: 'in-progress' }));
      const post = (template: string, request: { body: string; headers: Record<string, string> }, query?: Record<string, string>) =>
        exchange(anonymous, 'post', template, { ...request, ...(query && { query }) });
      expect((await post('/webhooks/twilio/call-status', signed, { brandId: 'acme' })).status).toBe(204);
      expect((await post('/webhooks/twilio/call-status', twilioCallback(path, { CallSid: 'CA1' }), { brandId: 'acme' })).status).toBe(400);
      expect((await post('/webhooks/twilio/call-status', unsignedTwilioCallback(aCallStatus()))).status).toBe(403);
      expect((await post('/webhooks/twilio/message-status', { ...unsignedTwilioCallback({ MessageSid: 'SM1', MessageStatus: 'sent' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'forged=' } })).status).toBe(403);
      expect((await post('/webhooks/twilio/message-status', { body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(415);

      const bot = (await exchange(manager, 'post', '/api/v1/senders', { body: { brandId: 'acme', channel: 'telegram', provider: 'telegram', address: '@AcmeOffersBot', ratePerSecond: 30 } })).body;
      const update = aTelegramMessage('hola');
      expect((await exchange(anonymous, 'post', '/webhooks/telegram/{senderId}', { params: { senderId: bot.id }, body: update, headers: telegramHeaders() })).status).toBe(204);
      expect((await exchange(anonymous, 'post', '/webhooks/telegram/{senderId}', { params: { senderId: bot.id }, body: update, headers: telegramHeaders('wrong') })).status).toBe(401);
      expect((await exchange(anonymous, 'post', '/webhooks/telegram/{senderId}', { params: { senderId: '0190b6b4-0000-7000-8000-000000000000' }, body: update, headers: telegramHeaders() })).status).toBe(404);
      expect((await exchange(anonymous, 'post', '/webhooks/telegram/{senderId}', { params: { senderId: bot.id }, body: { message: {} }, headers: telegramHeaders(), invalidBody: true })).status).toBe(400);
    });

    it('for the probes', async () => {
      const anonymous = client(t.baseUrl);
      expect((await exchange(anonymous, 'get', '/health/live')).status).toBe(200);
      expect((await exchange(anonymous, 'get', '/health/ready')).status).toBe(200);
    });

    // Runs after the samples above (Jest keeps declaration order), which fill seenEventTypes.
    it('covered every documented event variant with a real event', () => {
      const variants = Object.keys((doc.components.schemas.CampaignEvent as { discriminator: { mapping: Record<string, string> } }).discriminator.mapping);
      expect([...seenEventTypes].sort()).toEqual(variants.sort());
    });
  });
});
