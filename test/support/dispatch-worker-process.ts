// The dispatch worker loop in a process of its own, so tests can SIGKILL it mid-batch. Run without
// a build step:
//   node --import ./test/support/register-typescript.mjs test/support/dispatch-worker-process.ts
// Env: DATABASE_URL; DISPATCH_CONCURRENCY, DISPATCH_BATCH_SIZE, DISPATCH_LEASE_MS, DISPATCH_IDLE_MS
// (dispatch-config.ts); SEND_LATENCY_MS (each send waits 0..SEND_LATENCY_MS before reaching the
// provider ledger); CLOCK_OFFSET_MS (the worker's clock is the system clock plus this, so it runs
// on from the test clock whatever day the machine thinks it is); DISPATCH_FINISH=1 wires the
// whole application so the worker also finishes exhausted campaigns (else it only claims, sends
// and records: the application's import graph takes seconds to transpile, so the processes the
// test kills load only the queue). The provider is LedgerGateway: every request is recorded by idempotency key in
// `simulated_sends`, in the same database, so what the provider saw survives the kill. Prints one
// JSON line when the loops run; SIGTERM stops it gracefully.
import 'reflect-metadata';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../seedwork/domain/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { DispatchWorker } from '../../src/dispatch/application/dispatch-worker.js';
import { PgDeliveryQueue } from '../../src/dispatch/infrastructure/pg-delivery-queue.js';
import { dispatchSettingsFromEnv } from '../../src/dispatch/dispatch-config.js';
import type { ChannelGateway, ChannelSendRequest, SendResult } from '../../src/dispatch/application/channel-gateway.js';
import { LedgerGateway } from './dispatch-fixtures.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const latencyMs = Number(process.env.SEND_LATENCY_MS ?? 0);
const offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

const print = (line: object): void => { process.stdout.write(`${JSON.stringify(line)}\n`); };

/** The ledger behind a small random latency, so a kill can land between claim, send and record. */
class SlowLedgerGateway implements ChannelGateway {
  constructor(private readonly ledger: LedgerGateway) {}
  async send(request: ChannelSendRequest): Promise<SendResult> {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * latencyMs));
    return this.ledger.send(request);
  }
}

const settings = dispatchSettingsFromEnv();
const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
const gateway = new SlowLedgerGateway(new LedgerGateway(pool));
const onError = (error: unknown): void => print({ error: String(error) });
let worker: DispatchWorker;
let close: () => Promise<unknown> = () => pool.end();
if (process.env.DISPATCH_FINISH === '1') {
  const [{ createDataSource }, { entities }, { buildContainer }, { createDispatchWorker }] = await Promise.all([
    import('../../seedwork/infrastructure/database/data-source.js'), import('../../src/app/entities.js'),
    import('../../src/app/container.js'), import('../../src/dispatch/delivery-queue.module.js'),
  ]);
  const dataSource = createDataSource({ url: databaseUrl, entities, migrations: [], poolSize: 8, applicationName: 'dispatch-worker-process' });
  await dataSource.initialize();
  close = () => Promise.all([pool.end(), dataSource.destroy()]);
  worker = createDispatchWorker(buildContainer(dataSource, clock).container, { settings, gateway, onError });
} else {
  // Database only reads TypeORM's pg pool (driver.master): hand it a pool of our own.
  const db = new Database({ driver: { master: pool } } as unknown as DataSource);
  worker = new DispatchWorker({ queue: new PgDeliveryQueue(db), gateway, clock, finishIfExhausted: async () => undefined, onError }, settings);
}
const running = worker.start();
print({ started: process.pid });

process.once('SIGTERM', () => {
  void running.stop().then(() => close()).then(() => process.exit(0));
});
