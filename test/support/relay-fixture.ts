import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { readOutboxLag, type OutboxLag } from '../../seedwork/infrastructure/messaging/outbox-lag.js';
import { OutboxRelay, type OutboxRelayOptions } from '../../seedwork/infrastructure/messaging/outbox-relay.js';
import { createMessageTransport } from '../../seedwork/infrastructure/messaging/transport-factory.js';
import type { MessageTransport } from '../../seedwork/infrastructure/messaging/message-transport.js';
import { migrations } from '../../src/migrations/index.js';
import { EventCollector } from './event-collector.js';
import { createTestNamespace, ensurePulsar, type PulsarEndpoints, type TestNamespace } from './pulsar.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A fresh database, a fresh Pulsar namespace, a transport, and a downstream collector. */
export interface RelayFixture {
  pulsar: PulsarEndpoints;
  database: TestDatabase;
  dataSource: DataSource;
  namespace: TestNamespace;
  transport: MessageTransport;
  collector: EventCollector;
  /** A relay on this fixture's database and namespace (stopped by `close`). */
  relay(overrides?: Partial<OutboxRelayOptions>): OutboxRelay;
  lag(): Promise<OutboxLag>;
  waitForNoLag(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export const TOPIC_NAMES = ['campaign-events', 'lead-events'];

export async function createRelayFixture(label: string): Promise<RelayFixture> {
  const pulsar = await ensurePulsar();
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, migrations, poolSize: 40 });
  await dataSource.initialize();
  const namespace = await createTestNamespace(pulsar, label);
  // Always WebSocket: it is the transport that loads everywhere; the contract suite covers the rest.
  const transport = await createMessageTransport({ transport: 'websocket', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.adminUrl });
  const collector = new EventCollector();
  await collector.subscribe(transport, TOPIC_NAMES.map((name) => namespace.topic(name)));
  const relays: OutboxRelay[] = [];
  const db = new Database(dataSource);
  const lag = (): Promise<OutboxLag> => readOutboxLag(db);
  return {
    pulsar, database, dataSource, namespace, transport, collector, lag,
    relay(overrides = {}) {
      const relay = new OutboxRelay({
        databaseUrl: database.url, transport, topics: namespace,
        leaseRetryMs: 100, pollIntervalMs: 500, retry: { initialMs: 50, maxMs: 1_000 },
        ...overrides,
      });
      relays.push(relay);
      return relay;
    },
    async waitForNoLag(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await lag();
        if (current.events === 0) return;
        if (Date.now() > deadline) throw new Error(`relay still ${current.events} events behind after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await Promise.all(relays.map((relay) => relay.stop()));
      await collector.close();
      await transport.close();
      await dataSource.destroy();
      await database.drop();
      await namespace.drop();
    },
  };
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
