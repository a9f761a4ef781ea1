import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startTestApp, client, type TestApp } from '../../support/test-app.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import { seedSender } from '../../support/dispatch-fixtures.js';
import { idempotencyKey } from '../../../src/dispatch/domain/delivery-idempotency.js';

const SUPPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../support');
const MEMBERS = 10_000;
const KILLS = 20;
// Small batches, a few loops and a random latency per send: each life of the worker holds several
// batches in flight, so a kill lands between claim, provider call and record. The lease is short
// so the deliveries a killed worker held are taken over within the test's time.
const WORKER_ENV = { DISPATCH_CONCURRENCY: '4', DISPATCH_BATCH_SIZE: '25', DISPATCH_LEASE_MS: '1500', DISPATCH_IDLE_MS: '20', SEND_LATENCY_MS: '40' };

/** The dispatch worker loop in a child process, run from the TypeScript sources (register-typescript.mjs). */
class WorkerProcess {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly started: Promise<void>;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', path.join(SUPPORT, 'register-typescript.mjs'), path.join(SUPPORT, 'dispatch-worker-process.ts')], {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.started = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        this.output.push(line);
        if (line.includes('"started"')) resolve();
      });
      this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
      void this.exited.then((code) => reject(new Error(`dispatch worker exited (${code}) before starting:\n${this.output.join('\n')}`)));
    });
    this.started.catch(() => undefined);
  }
}

describe('dispatch worker killed with SIGKILL during a 10,000-member campaign', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('admin'));
  });
  afterAll(async () => {
    for (const worker of processes) worker.child.kill('SIGKILL');
    await Promise.all(processes.map((worker) => worker.exited));
    await t?.close();
  });

  it(`${KILLS} kills and restarts: every member reached once, no key sent twice as the provider sees it, counters exact`, async () => {
    const brandId = 'dispatch-crash';
    await seedSender(t.dataSource, brandId, 'sms');
    let at = Date.now();
    const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'sms' }, { audience: MEMBERS });
    const seedMs = Date.now() - at;
    at = Date.now();
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_OPTIONS: '', DATABASE_URL: t.database.url, ...WORKER_ENV,
      CLOCK_OFFSET_MS: String(t.clock.now().getTime() - Date.now()),
    };
    const launch = (extra: NodeJS.ProcessEnv = {}): WorkerProcess => {
      const worker = new WorkerProcess({ ...env, ...extra });
      processes.push(worker);
      return worker;
    };
    const succeeded = async (): Promise<number> => (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'succeeded'`, [campaign.id]))[0].n;

    // Each next worker starts while the current one runs (starting takes longer than a life), then
    // the current one is killed at a random moment; the last one wires the whole application so
    // it also finishes the campaign once nothing is left.
    const progress: number[] = [];
    const held: number[] = [];
    let next = launch();
    for (let kills = 0; kills < KILLS; kills++) {
      const current = next;
      await current.started;
      next = launch(kills === KILLS - 1 ? { DISPATCH_FINISH: '1' } : {});
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 350));
      current.child.kill('SIGKILL');
      expect(await current.exited).toBeNull(); // killed, not exited on its own
      progress.push(await succeeded());
      held.push((await t.dataSource.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sending'`, [campaign.id]))[0].n);
    }
    // Kills landed while there was work left: the run was interrupted, not finished before them.
    expect(progress[KILLS - 1]).toBeLessThan(MEMBERS);
    expect(progress[KILLS - 1]).toBeGreaterThan(0);
    // and while workers held leases: deliveries a killed worker had claimed but not recorded.
    expect(held.some((n) => n > 0)).toBe(true);

    const last = next;
    await last.started;
    const until = Date.now() + 90_000;
    let finished: any;
    for (;;) {
      finished = (await api('GET', `/api/v1/campaigns/${campaign.id}`)).body;
      if (finished.status === 'finished' || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    // Every member reached: exactly one succeeded delivery, one recorded attempt, per lead.
    expect(finished.status).toBe('finished');
    expect(finished.metrics).toMatchObject({ totalContacts: MEMBERS, pending: 0, successful: MEMBERS, failed: 0 });
    const statuses = await t.dataSource.query(`SELECT status, attempt, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1, 2`, [campaign.id]);
    expect(statuses).toEqual([{ status: 'succeeded', attempt: 1, n: MEMBERS }]);
    const [attempts] = await t.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT lead_id)::int AS leads FROM delivery_attempts WHERE campaign_id = $1 AND result = 'succeeded'`, [campaign.id]);
    expect(attempts).toEqual({ rows: MEMBERS, leads: MEMBERS });
    const [audience] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE attempts = 1)::int AS once FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
    expect(audience).toEqual({ succeeded: MEMBERS, once: MEMBERS });

    // Nobody reached twice by the provider: it honours idempotency keys, so what it sent is one
    // message per distinct key; the gateway never fails, so each lead has exactly one key (attempt 1).
    const [ledger] = await t.dataSource.query(
      `SELECT count(*)::int AS keys, sum(sends)::int AS requests FROM simulated_sends WHERE brand_id = $1`, [brandId]);
    expect(ledger.keys).toBe(MEMBERS);
    const members: { lead_id: string }[] = await t.dataSource.query(`SELECT lead_id FROM campaign_audience WHERE campaign_id = $1`, [campaign.id]);
    const keys = new Set((await t.dataSource.query(`SELECT idempotency_key FROM simulated_sends WHERE brand_id = $1`, [brandId])).map((r: { idempotency_key: string }) => r.idempotency_key));
    expect(members.every((m) => keys.has(idempotencyKey(campaign.id, m.lead_id, 1)))).toBe(true);
    // Requests repeated under the same key: only sends a killed worker had in flight (at most its
    // concurrency × batch size per kill), plus any a lease expiry took over.
    const inFlight = Number(WORKER_ENV.DISPATCH_CONCURRENCY) * Number(WORKER_ENV.DISPATCH_BATCH_SIZE);
    expect(ledger.requests - MEMBERS).toBeLessThanOrEqual(KILLS * inFlight);

    // One DeliverySucceeded per delivery, whatever the kills and lease takeovers: fenced results write none.
    const [events] = await t.dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT aggregate_id)::int AS deliveries FROM domain_events
        WHERE aggregate_type = 'Delivery' AND payload->>'campaignId' = $1`, [campaign.id]);
    expect(events).toEqual({ events: MEMBERS, deliveries: MEMBERS });

    const [finish] = await t.dataSource.query(`SELECT payload FROM domain_events WHERE aggregate_id = $1 AND event_type = 'CampaignFinished'`, [campaign.id]);
    expect(finish.payload.reason).toBe('audience_exhausted');
    console.info(`dispatch crash test: ${KILLS} SIGKILLs, succeeded after each kill ${progress.join(',')}; sending (leased) after each kill ${held.join(',')}; ${ledger.requests - MEMBERS} requests repeated under their key; seeding ${seedMs} ms, kills and finish ${Date.now() - at} ms`);
  }, 180_000); // ~60 s on an idle 2-core machine; the margin is for a loaded one (the child processes compile the sources)
});
