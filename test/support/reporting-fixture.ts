import type { UnitOfWork } from '../../seedwork/application/index.js';
import { UNIT_OF_WORK } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { OutboxRelay } from '../../seedwork/infrastructure/messaging/outbox-relay.js';
import type { PulsarConfig } from '../../seedwork/infrastructure/messaging/pulsar-config.js';
import { createMessageTransport } from '../../seedwork/infrastructure/messaging/transport-factory.js';
import type { MessageTransport } from '../../seedwork/infrastructure/messaging/message-transport.js';
import { eventUpcasters } from '../../src/app/event-upcasters.js';
import { startProjections, type RunningProjections } from '../../src/reporting/index.js';
import { createTestNamespace, ensurePulsar, type TestNamespace } from './pulsar.js';
import { client, startTestApp, type TestApp } from './test-app.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The HTTP application with the campaign metrics projection fed as the worker feeds it: from the
 * event log (`log`, the embedded default), or through an outbox relay, a Pulsar namespace of its
 * own and the Key_Shared consumer (`pulsar`).
 */
export interface ReportingFixture {
  t: TestApp;
  db: Database;
  /** A brand manager of `acme`. */
  api: ReturnType<typeof client>;
  pulsar?: { config: PulsarConfig; namespace: TestNamespace; transport: MessageTransport };
  /** Starts feeding the projection again after `stopFeeding`. */
  startFeeding(): Promise<void>;
  stopFeeding(): Promise<void>;
  /** Resolves once every campaign's last event is applied. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReportingApp(feed: 'log' | 'pulsar', label: string): Promise<ReportingFixture> {
  const t = await startTestApp();
  const db = t.app.container.get(Database);
  const uow = t.app.container.get<UnitOfWork>(UNIT_OF_WORK);
  let pulsar: ReportingFixture['pulsar'];
  let relay: OutboxRelay | undefined;
  if (feed === 'pulsar') {
    const endpoints = await ensurePulsar();
    const namespace = await createTestNamespace(endpoints, label);
    const config: PulsarConfig = { serviceUrl: endpoints.serviceUrl, webServiceUrl: endpoints.adminUrl, tenant: namespace.tenant, namespace: namespace.namespace, transport: 'websocket' };
    const transport = await createMessageTransport(config);
    pulsar = { config, namespace, transport };
    relay = new OutboxRelay({ databaseUrl: t.database.url, transport, topics: namespace, pollIntervalMs: 200, retry: { initialMs: 50, maxMs: 1_000 } });
    relay.start();
  }
  let projections: RunningProjections | undefined;
  const startFeeding = async () => {
    projections = await startProjections({ databaseUrl: t.database.url, db, uow, pulsar: pulsar?.config, upcasters: eventUpcasters, logger: silent });
  };
  await startFeeding();
  return {
    t, db, pulsar, startFeeding,
    api: client(t.baseUrl, await t.token('brand_manager', ['acme'])),
    async stopFeeding() {
      await projections?.stop();
      projections = undefined;
    },
    async caughtUp(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ behind }] = await db.query<{ behind: number }>(
          `SELECT count(*)::int AS behind
             FROM (SELECT aggregate_id, max(aggregate_version) AS version FROM domain_events WHERE aggregate_type = 'Campaign' GROUP BY 1) e
             LEFT JOIN campaign_stats s ON s.campaign_id = e.aggregate_id
            WHERE s.version IS DISTINCT FROM e.version`,
        );
        if (behind === 0) return;
        if (Date.now() > deadline) throw new Error(`the projection is still behind on ${behind} campaigns after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await projections?.stop();
      await relay?.stop();
      await pulsar?.transport.close();
      await t.close();
      await pulsar?.namespace.drop();
    },
  };
}
