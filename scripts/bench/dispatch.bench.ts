import 'reflect-metadata';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { newId } from '../../seedwork/domain/index.js';
import { SYSTEM_ACTOR } from '../../seedwork/application/index.js';
import { createDataSource } from '../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { buildContainer } from '../../src/app/container.js';
import { entities } from '../../src/app/entities.js';
import { SystemClock } from '../../src/app/system-clock.js';
import { CreateCampaign } from '../../src/campaigns/application/create-campaign.js';
import { ChangeCampaignStatus } from '../../src/campaigns/application/change-campaign-status.js';
import type { CampaignView } from '../../src/campaigns/application/campaign-view.js';
import type { ClaimedDelivery, DeliveryQueue, DeliveryResult, Reservation } from '../../src/dispatch/application/delivery-queue.js';
import { DispatchWorker } from '../../src/dispatch/application/dispatch-worker.js';
import { InstantSimulatedGateway } from '../../src/dispatch/infrastructure/instant-simulated-gateway.js';
import { PgDeliveryQueue } from '../../src/dispatch/infrastructure/pg-delivery-queue.js';
import { CompletionCounter, GraphileWorkerPeer, PG_BOSS_QUEUE, PgBossPeer } from './peers/job-queues.js';
import { migratedDatabase } from './support/migrated-database.js';
import type { BenchDatabase } from './support/postgres.js';
import type { BenchRow } from './support/report.js';

const BRAND = 'bench-dispatch';
/** Senders of the benchmark brand, each at the highest rate a sender may have. */
const SENDERS = 32;
const WORKERS = 4;

function integerEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Sizes and per-side batch settings; every one has an environment knob. */
function settings() {
  const deliveries = integerEnv('BENCH_DISPATCH_DELIVERIES', 1_000_000, 1_000, 10_000_000);
  return {
    /** Audience size = deliveries fanned out (ours) = jobs bulk-enqueued (each peer). */
    deliveries,
    /** Jobs claimed, sent and completed by the 4 workers of each side, out of the fanned-out queue. */
    jobs: Math.min(deliveries, integerEnv('BENCH_DISPATCH_JOBS', 100_000, 1_000, 10_000_000)),
    /** Our claim batch (DISPATCH_BATCH_SIZE of the worker role). */
    batch: integerEnv('BENCH_DISPATCH_BATCH', 500, 1, 10_000),
    /** graphile-worker localQueue.size (its performance page uses 500). */
    graphileLocalQueue: integerEnv('BENCH_GRAPHILE_LOCAL_QUEUE', 500, 1, 10_000),
    /** pg-boss `work` batchSize per worker. */
    pgBossBatch: integerEnv('BENCH_PGBOSS_BATCH', 500, 1, 10_000),
    /** Jobs per `add_jobs` / `insert` call of the peers' bulk enqueue. */
    enqueueBatch: integerEnv('BENCH_ENQUEUE_BATCH', 10_000, 100, 1_000_000),
    /** A side still short of `jobs` after this long is measured over what it completed. */
    maxSeconds: integerEnv('BENCH_DISPATCH_MAX_SECONDS', 60, 5, 3_600),
  };
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** `count` reachable leads of one brand with time-ordered ids (as the service's UUIDv7s), and its senders. */
async function seedBrand(client: pg.Client, count: number): Promise<void> {
  await client.query(`
    INSERT INTO leads (id, brand_id, first_name, last_name, phone, email, stage_entered_at, treatment, consent_updated_at, version, created_at, updated_at)
    SELECT (lpad(to_hex(1700000000000 + i), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
           $1, 'Ana', 'Lead ' || i, '+5731' || lpad(i::text, 8, '0'), NULL, now(), 'automated_call', now(), 1, now(), now()
      FROM generate_series(1, $2::int) i, md5(i::text) h`, [BRAND, count]);
  // Enough senders that their rate limits (1,000/s each at most) never cap the run: the peers
  // have no per-sender limit, and what is compared is the queue.
  await client.query(`
    INSERT INTO senders (id, brand_id, channel, provider, address, rate_per_second, daily_cap, status, version, created_at, updated_at)
    SELECT (lpad(to_hex(1600000000000 + n), 12, '0') || '7000' || '8' || lpad(to_hex(n), 15, '0'))::uuid,
           $1, 'sms', 'simulated', '+1555' || lpad(n::text, 7, '0'), 1000, NULL, 'active', 1, now(), now()
      FROM generate_series(1, $2::int) n`, [BRAND, SENDERS]);
}

/** The whole brand as the campaign's audience, pending, with the campaign's counters to match. */
async function seedAudience(client: pg.Client, campaignId: string, count: number): Promise<void> {
  await client.query(`
    INSERT INTO campaign_audience (campaign_id, lead_id, brand_id, status, priority, attempts, added_at)
    SELECT $1, id, brand_id, 'pending', 5, 0, now() FROM leads WHERE brand_id = $2 ORDER BY id`, [campaignId, BRAND]);
  await client.query(`UPDATE campaigns SET metrics = metrics || jsonb_build_object('totalContacts', $2::int, 'pending', $2::int) WHERE id = $1`, [campaignId, count]);
}

/** Our queue, counting the results its record() applied (committed): the worker's "completed". */
class CountingQueue implements DeliveryQueue {
  constructor(private readonly inner: DeliveryQueue, readonly completed: CompletionCounter) {}
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> { return this.inner.claim(now, limit, leaseMs); }
  reserve(reservations: readonly Reservation[], now: Date, senderDay: string) { return this.inner.reserve(reservations, now, senderDay); }
  async record(results: readonly DeliveryResult[], now: Date): Promise<number> {
    const applied = await this.inner.record(results, now);
    this.completed.add(applied);
    return applied;
  }
  releaseExpiredLeases(now: Date): Promise<number> { return this.inner.releaseExpiredLeases(now); }
  exhaustedCampaigns(limit: number) { return this.inner.exhaustedCampaigns(limit); }
  hasWorkLeft(campaignId: string): Promise<boolean> { return this.inner.hasWorkLeft(campaignId); }
}

interface Run { rate: number; seconds: number; done: number; capped: boolean }

/**
 * Completions per second from `start` until `target` completions (or `maxSeconds`, whichever
 * comes first: the rate is then over what was completed by that time).
 */
async function throughput(counter: CompletionCounter, target: number, maxSeconds: number, start: () => Promise<unknown>, stop: () => Promise<unknown>): Promise<Run> {
  const started = performance.now();
  await start();
  let timer: NodeJS.Timeout | undefined;
  const capped = await Promise.race([
    counter.until(target).then(() => false),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), maxSeconds * 1000); }),
  ]);
  clearTimeout(timer);
  const elapsed = seconds(started);
  const done = counter.count;
  await stop();
  return { rate: done / elapsed, seconds: elapsed, done, capped };
}

/** VACUUM ANALYZE of the tables, then a checkpoint: the next phase starts with no maintenance debt. */
async function vacuum(client: pg.Client, tables: string[]): Promise<void> {
  for (const table of tables) await client.query(`VACUUM ANALYZE ${table}`);
  await client.query('CHECKPOINT');
}

async function one<T>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  return (await client.query(sql, params)).rows[0] as T;
}

/**
 * Issue 5: fan-out of BENCH_DISPATCH_DELIVERIES (1,000,000) deliveries from a campaign's audience,
 * and claim → send (simulated, zero latency) → complete with 4 workers over BENCH_DISPATCH_JOBS
 * of them, side by side with graphile-worker and pg-boss doing the same on the same PostgreSQL.
 */
export async function dispatchBench(db: BenchDatabase): Promise<BenchRow[]> {
  const s = settings();
  const { url, dataSource: migrating } = await migratedDatabase(db, 'bench_dispatch');
  await migrating.destroy();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const app = createDataSource({ url, entities, migrations: [], poolSize: 10, applicationName: 'bench-dispatch-api' });
  const workers: DataSource = createDataSource({ url, entities, migrations: [], poolSize: 10, applicationName: 'bench-dispatch-worker' });
  await Promise.all([app.initialize(), workers.initialize()]);
  const graphile = new GraphileWorkerPeer(url);
  const boss = new PgBossPeer(url);
  try {
    const seeding = performance.now();
    const { commands } = buildContainer(app, new SystemClock());
    const context = () => ({ actor: SYSTEM_ACTOR, correlationId: newId() });
    await seedBrand(admin, s.deliveries);
    const campaign = await commands.execute<CampaignView>(new CreateCampaign(context(), {
      brandId: BRAND, name: 'Bench dispatch', type: 'loyalty', objective: 'sales', channel: 'sms', scriptTemplate: 'Hola {{firstName}}, tenemos una oferta',
    }));
    await seedAudience(admin, campaign.id, s.deliveries);
    await graphile.install();
    await boss.install();
    await admin.query('VACUUM ANALYZE leads');
    await admin.query('VACUUM ANALYZE campaign_audience');
    const seeded = seconds(seeding);

    // Fan-out, each side from the same audience, each after a checkpoint; what a side wrote is
    // vacuumed before the next one runs, so no side pays for another's autovacuum.
    await admin.query('CHECKPOINT');
    let started = performance.now();
    await commands.execute(new ChangeCampaignStatus(context(), campaign.id, { action: 'activate', reason: 'manual' }));
    const oursFanOut = seconds(started);
    const { queued } = await one<{ queued: number }>(admin, `SELECT count(*)::int AS queued FROM deliveries WHERE campaign_id = $1 AND status = 'queued'`, [campaign.id]);
    if (queued !== s.deliveries) throw new Error(`fan-out queued ${queued} deliveries, expected ${s.deliveries}`);

    await vacuum(admin, ['deliveries', 'campaigns', 'domain_events']);
    started = performance.now();
    const graphileAdded = await graphile.addJobsFromAudience(campaign.id, s.enqueueBatch);
    const graphileFanOut = seconds(started);
    if (graphileAdded !== s.deliveries || (await graphile.queued()) !== s.deliveries) throw new Error(`graphile-worker add_jobs added ${graphileAdded}`);

    await vacuum(admin, ['graphile_worker._private_jobs']);
    started = performance.now();
    const bossAdded = await boss.insertFromAudience(campaign.id, s.enqueueBatch);
    const bossFanOut = seconds(started);
    if (bossAdded !== s.deliveries || (await boss.queued()) !== s.deliveries) throw new Error(`pg-boss insert added ${bossAdded}`);

    // Claim → send → complete, 4 workers each, over the first `jobs` of each side's queue.
    await vacuum(admin, ['pgboss.job']);

    const oursDone = new CompletionCounter();
    const queue = new CountingQueue(new PgDeliveryQueue(new Database(workers)), oursDone);
    const worker = new DispatchWorker(
      { queue, gateway: new InstantSimulatedGateway(), clock: new SystemClock(), finishIfExhausted: async () => undefined, onError: (e) => console.error(e) },
      { concurrency: WORKERS, batchSize: s.batch, leaseMs: 30_000, idleMs: 50 },
    );
    let running: { stop(): Promise<void> } | undefined;
    const ours = await throughput(oursDone, s.jobs, s.maxSeconds, async () => { running = worker.start(); }, () => running!.stop());
    const check = await one<{ succeeded: number; attempts: number; events: number; successful: number }>(admin, `
      SELECT (SELECT count(*)::int FROM deliveries WHERE campaign_id = $1 AND status = 'succeeded') AS succeeded,
             (SELECT count(*)::int FROM delivery_attempts WHERE campaign_id = $1) AS attempts,
             (SELECT count(*)::int FROM domain_events WHERE event_type = 'DeliverySucceeded') AS events,
             (SELECT (metrics->>'successful')::int FROM campaigns WHERE id = $1) AS successful`, [campaign.id]);
    if (check.succeeded !== oursDone.count || check.attempts !== oursDone.count || check.events !== oursDone.count || check.successful !== oursDone.count) {
      throw new Error(`dispatch benchmark inconsistent: ${oursDone.count} recorded, ${JSON.stringify(check)}`);
    }

    await vacuum(admin, ['deliveries', 'campaign_audience', 'delivery_attempts', 'domain_events', 'campaigns']);
    let runner: Awaited<ReturnType<GraphileWorkerPeer['start']>> | undefined;
    const graphileRun = await throughput(graphile.completed, s.jobs, s.maxSeconds,
      async () => { runner = await graphile.start(new InstantSimulatedGateway(), WORKERS, s.graphileLocalQueue); }, () => runner!.stop());

    await vacuum(admin, ['graphile_worker._private_jobs', 'graphile_worker._private_job_queues']);
    const bossRun = await throughput(boss.completed, s.jobs, s.maxSeconds,
      () => boss.start(new InstantSimulatedGateway(), WORKERS, s.pgBossBatch), () => boss.boss.offWork(PG_BOSS_QUEUE));
    console.log(`dispatch: fan-out ${oursFanOut.toFixed(1)} s / graphile-worker ${graphileFanOut.toFixed(1)} s / pg-boss ${bossFanOut.toFixed(1)} s; `
      + `claim→send→complete ${ours.rate.toFixed(0)} / ${graphileRun.rate.toFixed(0)} / ${bossRun.rate.toFixed(0)} per s`);

    const n = s.deliveries.toLocaleString('en-US');
    const fanOutNote = (peerSeconds: number, what: string) =>
      `${n}: ${oursFanOut.toFixed(1)} s vs ${peerSeconds.toFixed(1)} s; ours: activation command (campaign tx, INSERT…SELECT from the audience, counters, DeliveryQueued event); ${what}`;
    const ran = (run: Run) => `${run.done.toLocaleString('en-US')} in ${run.seconds.toFixed(1)} s${run.capped ? ` (stopped at ${s.maxSeconds} s)` : ''}`;
    const runNote = (peer: Run, what: string) =>
      `${ran(ours)} vs ${ran(peer)}; ours per delivery: claim (joins campaign, lead, senders), reservation (re-check, rate limits and caps over ${SENDERS} senders), send, record (delivery row, attempt row, DeliverySucceeded event, audience member, campaign counters), batch ${s.batch}; ${what}`;
    console.log(`dispatch: seeded ${n} leads + audience in ${seeded.toFixed(0)} s`);
    return [
      {
        name: 'dispatch fan-out vs graphile-worker', ours: s.deliveries / oursFanOut, unit: 'deliveries/s',
        peer: { name: 'graphile-worker add_jobs', value: s.deliveries / graphileFanOut }, goal: { min: 2, on: 'ratio' },
        note: fanOutNote(graphileFanOut, `peer: add_jobs fed in SQL from the audience, ${s.enqueueBatch.toLocaleString('en-US')} per call, job row only`),
      },
      {
        name: 'dispatch fan-out vs pg-boss', ours: s.deliveries / oursFanOut, unit: 'deliveries/s',
        peer: { name: 'pg-boss insert', value: s.deliveries / bossFanOut }, goal: { min: 2, on: 'ratio' },
        note: fanOutNote(bossFanOut, `peer: insert of audience pages of ${s.enqueueBatch.toLocaleString('en-US')} read by the app, job row only`),
      },
      {
        name: 'dispatch claim→send→complete (4 workers) vs graphile-worker', ours: ours.rate, unit: 'deliveries/s',
        peer: { name: 'graphile-worker run', value: graphileRun.rate }, goal: { min: 1, on: 'ratio' },
        note: runNote(graphileRun, `peer: concurrency 4, localQueue ${s.graphileLocalQueue}, completeJobBatchDelay 0; completing = deleting the job row`),
      },
      {
        name: 'dispatch claim→send→complete (4 workers) vs pg-boss', ours: ours.rate, unit: 'deliveries/s',
        peer: { name: 'pg-boss work', value: bossRun.rate }, goal: { min: 1, on: 'ratio' },
        note: runNote(bossRun, `peer: 4 × work, batchSize ${s.pgBossBatch}, each fetch sorting the whole backlog (its fetch index does not match its ORDER BY); completing = state 'completed'`),
      },
    ];
  } finally {
    await boss.end().catch(() => undefined);
    await graphile.end().catch(() => undefined);
    await Promise.all([app.destroy(), workers.destroy()]);
    await admin.end();
  }
}
