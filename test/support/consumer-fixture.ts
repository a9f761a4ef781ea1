import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { newId } from '../../seedwork/domain/index.js';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import type { StoredEvent } from '../../seedwork/infrastructure/event-store/event-store.js';
import { toEventMessage, topicForAggregate, type EventEnvelope } from '../../seedwork/infrastructure/messaging/event-envelope.js';
import type { EventHandler } from '../../seedwork/infrastructure/messaging/inbox.js';
import type { MessageTransport } from '../../seedwork/infrastructure/messaging/message-transport.js';
import { createMessageTransport } from '../../seedwork/infrastructure/messaging/transport-factory.js';
import { migrations } from '../../src/migrations/index.js';
import { createTestNamespace, ensurePulsar, type PulsarEndpoints, type TestNamespace } from './pulsar.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A fresh database (with a `consumer_applied` table for handlers to write to) and a fresh namespace. */
export interface ConsumerFixture {
  pulsar: PulsarEndpoints;
  namespace: TestNamespace;
  database: TestDatabase;
  dataSource: DataSource;
  db: Database;
  uow: TypeOrmUnitOfWork;
  transport: MessageTransport;
  /** The topic events of an aggregate type go to (one per test keeps tests apart). */
  topicOf(aggregateType: string): string;
  /** Publishes events as the relay would (key, properties, envelope). */
  publish(events: readonly StoredEvent[]): Promise<void>;
  /** A handler with a visible, non-idempotent effect: one `consumer_applied` row per run. */
  recordingHandler(): EventHandler;
  /** How many times each event's handler committed. */
  appliedCounts(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const METADATA = { correlationId: 'consumer-test', causationId: null, actor: { sub: 'test', role: 'system' } };

/** `aggregates × versions` events, versions of each aggregate consecutive, interleaved by version. */
export function syntheticEvents(aggregateType: string, aggregates: number, versions: number): StoredEvent[] {
  const ids = Array.from({ length: aggregates }, () => newId());
  return Array.from({ length: aggregates * versions }, (_, i) => ({
    position: String(i + 1), eventId: newId(), eventType: `${aggregateType}Touched`, schemaVersion: 1, aggregateType,
    aggregateId: ids[i % aggregates]!, aggregateVersion: Math.floor(i / aggregates) + 1, brandId: 'acme', occurredAt: new Date(),
    data: { n: i }, metadata: METADATA,
  }));
}

export async function createConsumerFixture(label: string): Promise<ConsumerFixture> {
  const pulsar = await ensurePulsar();
  const namespace = await createTestNamespace(pulsar, label);
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, migrations, poolSize: 10 });
  await dataSource.initialize();
  await dataSource.query(`CREATE TABLE consumer_applied (event_id uuid NOT NULL, aggregate_id uuid NOT NULL, version int NOT NULL)`);
  const db = new Database(dataSource);
  const transport = await createMessageTransport({ transport: 'websocket', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.adminUrl });
  return {
    pulsar, namespace, database, dataSource, db, uow: new TypeOrmUnitOfWork(dataSource), transport,
    topicOf: (aggregateType) => topicForAggregate(aggregateType, namespace),
    async publish(events) {
      const publisher = transport.createPublisher();
      await publisher.send(events.map((event) => toEventMessage(event, namespace)));
      await publisher.close();
    },
    recordingHandler: () => async (event: EventEnvelope) => {
      await db.execute(`INSERT INTO consumer_applied (event_id, aggregate_id, version) VALUES ($1, $2, $3)`, [event.eventId, event.aggregateId, event.aggregateVersion]);
    },
    async appliedCounts() {
      const rows = await db.query<{ event_id: string; n: number }>(`SELECT event_id, count(*)::int AS n FROM consumer_applied GROUP BY 1`);
      return new Map(rows.map((row) => [row.event_id, row.n]));
    },
    async close() {
      await transport.close();
      await dataSource.destroy();
      await database.drop();
      await namespace.drop();
    },
  };
}

export async function eventually(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
