import type { DataSource } from 'typeorm';
import { newId } from '../../seedwork/domain/index.js';
import type { StoredEvent } from '../../seedwork/infrastructure/event-store/event-store.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import {
  createMessageTransport, OutboxRelay, parseEnvelope, readOutboxLag, toEventMessage, type MessageTransport, type TopicNamespace, type TransportChoice,
} from '../../seedwork/infrastructure/messaging/index.js';
import { migratedDatabase } from './support/migrated-database.js';
import { benchPulsar, type BenchPulsar } from './support/pulsar.js';
import type { BenchDatabase } from './support/postgres.js';
import type { BenchRow } from './support/report.js';

const BATCH = 500; // the relay's default batch size, so both sides send alike
const METADATA = { correlationId: 'bench', causationId: null, actor: { sub: 'bench', role: 'system' } };

function syntheticEvent(position: number, aggregateId: string, version: number): StoredEvent {
  return {
    position: String(position), eventId: newId(), eventType: 'CampaignTouched', schemaVersion: 1, aggregateType: 'Campaign',
    aggregateId, aggregateVersion: version, brandId: 'bench', occurredAt: new Date(), data: { n: version }, metadata: METADATA,
  };
}

/** Peer: the same transport publishing pre-built event messages, no database involved. */
async function rawPublish(transport: MessageTransport, where: TopicNamespace, count: number): Promise<number> {
  const aggregates = Array.from({ length: 1000 }, () => newId());
  const messages = Array.from({ length: count }, (_, i) => toEventMessage(syntheticEvent(i + 1, aggregates[i % 1000]!, Math.floor(i / 1000) + 1), where));
  const publisher = transport.createPublisher({ producerName: `bench-raw-${newId()}` });
  const started = performance.now();
  for (let i = 0; i < messages.length; i += BATCH) await publisher.send(messages.slice(i, i + BATCH));
  const seconds = (performance.now() - started) / 1000;
  await publisher.close();
  return count / seconds;
}

/** Appends `count` events set-based (1,000 aggregates), as committed writers would have. */
async function fillLog(dataSource: DataSource, count: number): Promise<void> {
  const versions = Math.ceil(count / 1000);
  await dataSource.query(
    `INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
     SELECT gen_random_uuid(), 'Campaign', a.id, v, 'CampaignTouched', 1, 'bench', jsonb_build_object('n', v), $2::jsonb, now()
       FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 1000)) a, generate_series(1, $1::int) v
      ORDER BY v`,
    [versions, JSON.stringify(METADATA)],
  );
}

async function waitForZeroLag(db: Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readOutboxLag(db)).events > 0) {
    if (Date.now() > deadline) throw new Error('relay did not catch up in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The relay draining a full log into the broker. */
async function relayThroughput(pulsar: BenchPulsar, kind: TransportChoice, dataSource: DataSource, url: string, where: TopicNamespace, count: number) {
  await fillLog(dataSource, count);
  const db = new Database(dataSource);
  const total = (await readOutboxLag(db)).events;
  const transport = await createMessageTransport({ transport: kind, serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.webServiceUrl });
  const relay = new OutboxRelay({ databaseUrl: url, transport, topics: where, name: `bench-${kind}` });
  const started = performance.now();
  relay.start();
  const deadline = Date.now() + 600_000;
  while ((await readOutboxLag(db, `bench-${kind}`)).events > 0) {
    if (Date.now() > deadline) throw new Error('relay did not catch up in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  const rate = total / ((performance.now() - started) / 1000);
  await relay.stop();
  await transport.close();
  return rate;
}

/** Commit → consumer latency while the log grows at a steady rate. */
async function endToEndLag(pulsar: BenchPulsar, kind: TransportChoice, dataSource: DataSource, url: string, where: TopicNamespace, perSecond: number, seconds: number) {
  const transport = await createMessageTransport({ transport: kind, serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.webServiceUrl });
  const lags: number[] = [];
  const subscription = await transport.subscribe(
    { topic: `persistent://${where.tenant}/${where.namespace}/campaign-events`, subscription: `bench-lag-${newId()}`, initialPosition: 'latest', type: 'Key_Shared' },
    async (message) => {
      lags.push(Date.now() - Date.parse(parseEnvelope(message.payload).occurredAt));
      return 'ack';
    },
  );
  const db = new Database(dataSource);
  await waitForZeroLag(db, 60_000);
  const relay = new OutboxRelay({ databaseUrl: url, transport, topics: where });
  relay.start();
  await waitForZeroLag(db, 600_000);
  lags.length = 0;
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
  const aggregates = Array.from({ length: 100 }, () => newId());
  const versions = new Map(aggregates.map((a) => [a, 0]));
  const started = performance.now();
  let written = 0;
  for (let tick = 0; performance.now() - started < seconds * 1000; tick++) {
    const rows = Array.from({ length: perTick }, (_, i) => {
      const id = aggregates[(tick * perTick + i) % aggregates.length]!;
      const version = versions.get(id)! + 1;
      versions.set(id, version);
      return { id, version };
    });
    // occurred_at = clock_timestamp(): the moment of writing, which the consumer subtracts from.
    await dataSource.query(
      `INSERT INTO domain_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, schema_version, brand_id, payload, metadata, occurred_at)
       SELECT gen_random_uuid(), 'Campaign', r.id, r.v, 'CampaignTouched', 1, 'bench', '{}', $3::jsonb, clock_timestamp()
         FROM unnest($1::uuid[], $2::int[]) AS r(id, v)`,
      [rows.map((r) => r.id), rows.map((r) => r.version), JSON.stringify(METADATA)],
    );
    written += rows.length;
    const next = started + (tick + 1) * tickMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const deadline = Date.now() + 60_000;
  while (lags.length < written && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await relay.stop();
  await subscription.close();
  await transport.close();
  const sorted = [...lags].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: pct(50), p99: pct(99), received: lags.length, written, rate: written / seconds };
}

/** Transports that load here: WebSocket always; native when the optional addon is installed. */
async function availableTransports(pulsar: BenchPulsar): Promise<TransportChoice[]> {
  try {
    const native = await createMessageTransport({ transport: 'native', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.webServiceUrl });
    await native.close();
    return ['websocket', 'native'];
  } catch {
    return ['websocket'];
  }
}

/** Issue 3: relay throughput vs. the bare transport, and end-to-end lag at a steady 1,000 events/s. */
export async function eventRelayBench(db: BenchDatabase): Promise<BenchRow[]> {
  const pulsar = await benchPulsar();
  const count = Number(process.env.BENCH_RELAY_EVENTS ?? 50_000);
  const lagSeconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rows: BenchRow[] = [];
  for (const kind of await availableTransports(pulsar)) {
    const raw = await createMessageTransport({ transport: kind, serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.webServiceUrl });
    const peer = await rawPublish(raw, await pulsar.namespace('raw'), count);
    await raw.close();
    const { url, dataSource } = await migratedDatabase(db, `bench_relay_${kind}`);
    const ours = await relayThroughput(pulsar, kind, dataSource, url, await pulsar.namespace('relay'), count);
    await dataSource.destroy();
    rows.push({ name: `relay throughput (${kind})`, ours, unit: 'events/s', peer: { name: 'transport, pre-built', value: peer }, goal: { min: 0.5, on: 'ratio' }, note: `${count} events, acked` });

    const lagDb = await migratedDatabase(db, `bench_lag_${kind}`);
    const lag = await endToEndLag(pulsar, kind, lagDb.dataSource, lagDb.url, await pulsar.namespace('lag'), 1000, lagSeconds);
    await lagDb.dataSource.destroy();
    const note = `${lag.received}/${lag.written} received at ${Math.round(lag.rate)} events/s`;
    rows.push({ name: `commit→consumer lag p50 (${kind})`, ours: lag.p50, unit: 'ms', note });
    rows.push({ name: `commit→consumer lag p99 (${kind})`, ours: lag.p99, unit: 'ms', note });
  }
  return rows;
}
