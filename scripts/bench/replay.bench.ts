import { SYSTEM_ACTOR } from '../../seedwork/application/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';
import { createMessageTransport, OutboxRelay, readOutboxLag } from '../../seedwork/infrastructure/messaging/index.js';
import { Campaign } from '../../src/campaigns/domain/campaign.js';
import { eventUpcasters } from '../../src/app/event-upcasters.js';
import { CAMPAIGN_METRICS, rebuildProjection } from '../../src/reporting/index.js';
import { migratedDatabase } from './support/migrated-database.js';
import { benchPulsar } from './support/pulsar.js';
import type { BenchDatabase } from './support/postgres.js';
import type { BenchRow } from './support/report.js';

const EVENTS_PER_CAMPAIGN = 10;

/** One campaign's whole life through the real aggregate, so the log holds exactly what the service writes. */
function lifecycle(start: number) {
  let at = start;
  const next = () => new Date((at += 60_000));
  const c = Campaign.create({ brandId: `brand-${start % 7}`, name: 'Replay', type: 'loyalty', objective: 'sales', channel: 'sms' }, next());
  c.addToAudience({ source: { type: 'leadIds', requested: 3, notFound: 0 }, priority: 5, added: 3, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, totalContacts: 3, pending: 3 }, next());
  c.activate(next(), 'manual');
  c.pause(next(), 'lunch');
  c.resume(next());
  c.reportMetrics({ salesCount: { increment: 2 }, salesAmount: { increment: '150.25' } }, next());
  c.pause(next());
  c.resume(next());
  c.reportMetrics({ engagement: { increment: 5 } }, next());
  c.finish(next(), 'manual');
  return c.pendingEvents;
}

/**
 * Issue 3: rebuilding the campaign metrics projection from the event log and from the topic's
 * earliest message (BENCH_REPLAY_EVENTS, default 100,000), with the consistency check.
 */
export async function replayBench(db: BenchDatabase): Promise<BenchRow[]> {
  const total = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);
  const { url, dataSource } = await migratedDatabase(db, 'bench_replay');
  const store = new EventStore(new Database(dataSource));
  const uow = new TypeOrmUnitOfWork(dataSource);
  const campaigns = Math.ceil(total / EVENTS_PER_CAMPAIGN);
  for (let i = 0; i < campaigns; i += 100) {
    const events = Array.from({ length: Math.min(100, campaigns - i) }, (_, k) => lifecycle(Date.UTC(2026, 0, 1) + (i + k) * 1000)).flat();
    await uow.run({ actor: SYSTEM_ACTOR, correlationId: 'bench-replay' }, () => store.append(events));
  }
  // Statistics as autovacuum would have them after such a load.
  await dataSource.query('ANALYZE domain_events');

  // The first rebuild also makes the live projection; the next ones must find it identical.
  const first = await rebuildProjection({ projection: CAMPAIGN_METRICS, databaseUrl: url, source: { kind: 'log' }, upcasters: eventUpcasters, swap: 'always' });
  const fromLog = await rebuildProjection({ projection: CAMPAIGN_METRICS, databaseUrl: url, source: { kind: 'log' }, upcasters: eventUpcasters, swap: 'never' });
  const rows: BenchRow[] = [
    { name: 'replay campaign-metrics from the log', ours: fromLog.eventsPerSecond, unit: 'events/s', goal: { min: 50_000, on: 'value' },
      note: `${fromLog.events} events, ${fromLog.campaigns} campaigns, rebuilt ${fromLog.consistent ? '=' : '≠'} live (first build ${Math.round(first.eventsPerSecond)} events/s)` },
  ];

  const pulsar = await benchPulsar();
  const topics = await pulsar.namespace('replay');
  const transport = await createMessageTransport({ transport: 'websocket', serviceUrl: pulsar.serviceUrl, webServiceUrl: pulsar.webServiceUrl });
  const relay = new OutboxRelay({ databaseUrl: url, transport, topics });
  relay.start();
  const database = new Database(dataSource);
  while ((await readOutboxLag(database)).events > 0) await new Promise((r) => setTimeout(r, 100));
  await relay.stop();
  const fromPulsar = await rebuildProjection({
    projection: CAMPAIGN_METRICS, databaseUrl: url, upcasters: eventUpcasters, swap: 'never',
    source: { kind: 'pulsar', transport, adminUrl: pulsar.webServiceUrl, topics },
  });
  await transport.close();
  await dataSource.destroy();
  rows.push({ name: 'replay campaign-metrics from Pulsar (websocket)', ours: fromPulsar.eventsPerSecond, unit: 'events/s',
    note: `${fromPulsar.events} events, rebuilt ${fromPulsar.consistent ? '=' : '≠'} live` });
  return rows;
}
