import { randomUUID } from 'node:crypto';
import { openApiDocument } from '../../../src/app/openapi/document.js';
import { eventUpcasters } from '../../../src/app/event-upcasters.js';
import { rebuildProjection } from '../../../src/reporting/index.js';
import { aCampaign } from '../../support/campaign-requests.js';
import { validate, type JsonSchema } from '../../support/json-schema.js';
import { startReportingApp, type ReportingFixture } from '../../support/reporting-fixture.js';

// CampaignScheduled was written with schemaVersion 1 (`startAt`, `endAt` at the top level) before
// v2 nested them under `schedule`. Such rows stay in the log as they are; every reader upcasts.

describe('CampaignScheduled v1 rows already in the log', () => {
  let f: ReportingFixture;
  let id: string;
  const v1 = { startAt: '2026-12-01T09:00:00.000Z', endAt: '2026-12-24T18:00:00.000Z', previousStatus: 'draft' };
  const scheduledAt = new Date('2026-11-23T10:05:00.000Z');

  beforeAll(async () => {
    f = await startReportingApp('pulsar', 'upcast');
    id = (await f.api('POST', '/api/v1/campaigns', aCampaign())).body.id;
    // As a release before v2 wrote it.
    await f.db.execute(
      `INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
       VALUES ($1, 'Campaign', $2, 2, 'CampaignScheduled', 1, 'acme', $3, $4, $5)`,
      [randomUUID(), id, JSON.stringify(v1), JSON.stringify({ correlationId: 'legacy', causationId: null, actor: { sub: 'user-1', role: 'brand_manager' } }), scheduledAt],
    );
    await f.caughtUp();
  });
  afterAll(async () => { await f?.close(); });

  it('stay as written', async () => {
    const [row] = await f.db.query<{ schema_version: number; payload: unknown }>(`SELECT schema_version, payload FROM domain_events WHERE aggregate_id = $1 AND aggregate_version = 2`, [id]);
    expect(row).toEqual({ schema_version: 1, payload: v1 });
  });

  it('are served by the history at schemaVersion 2, as the OpenAPI document describes them', async () => {
    const res = await f.api('GET', `/api/v1/campaigns/${id}/events`);
    expect(res.status).toBe(200);
    expect(res.body.items[1]).toMatchObject({
      eventType: 'CampaignScheduled', schemaVersion: 2, aggregateVersion: 2,
      data: { schedule: { startAt: v1.startAt, endAt: v1.endAt }, previousStatus: 'draft' },
    });
    const doc = openApiDocument();
    expect(validate(doc.components.schemas.CampaignEventList as JsonSchema, res.body, doc, { rejectUndeclared: true })).toEqual([]);
  });

  it('reach the projection through Pulsar upcast, and replay from the log and from the topic agrees', async () => {
    const stats = (await f.api('GET', `/api/v1/campaigns/${id}/stats`)).body;
    expect(stats).toMatchObject({ status: 'scheduled', version: 2, scheduledAt: scheduledAt.toISOString(), plannedStartAt: v1.startAt, plannedEndAt: v1.endAt });
    for (const source of ['log', 'pulsar'] as const) {
      const result = await rebuildProjection({
        projection: 'campaign-metrics', databaseUrl: f.t.database.url, upcasters: eventUpcasters,
        source: source === 'log' ? { kind: 'log' } : { kind: 'pulsar', transport: f.pulsar!.transport, adminUrl: f.pulsar!.config.webServiceUrl, topics: f.pulsar!.namespace },
      });
      expect({ source, consistent: result.consistent, events: result.events }).toEqual({ source, consistent: true, events: 2 });
    }
  });
});
