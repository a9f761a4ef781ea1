// The dispatch benchmark's peers: graphile-worker and pg-boss on the same PostgreSQL, each doing
// the dispatch queue's job the way its documentation says to do it fast: bulk enqueue
// (graphile-worker `add_jobs`, pg-boss `insert`) and a worker with 4-way concurrency (graphile-worker
// `run` with its batching options, pg-boss `work` with batchSize). Each counts the jobs it has
// completed *in the database* (the completing statements' row counts), so "done" means the same
// as for our queue: committed.
import { Logger, run, runMigrations, type Runner } from 'graphile-worker';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { ChannelGateway } from '../../../src/dispatch/application/channel-gateway.js';

const silent = new Logger(() => () => undefined);

/** The payload of a peer's job: what a delivery row holds that the send needs. */
export interface DeliveryJob {
  campaignId: string;
  leadId: string;
}

/** The zero-latency send a peer's handler makes per job (same gateway as ours). */
function sendOf(gateway: ChannelGateway, job: DeliveryJob, id: string) {
  return gateway.send({
    idempotencyKey: `${job.campaignId}.${job.leadId}.1`, brandId: 'bench', channel: 'sms', sender: { address: '+15550000000', provider: 'simulated' },
    to: job.leadId, text: '', campaignId: job.campaignId, leadId: job.leadId, deliveryId: id,
  });
}

/** Counts completions and resolves once `target` is reached. */
export class CompletionCounter {
  count = 0;
  #target = Infinity;
  #reached: () => void = () => undefined;

  until(target: number): Promise<void> {
    this.#target = target;
    return new Promise((resolve) => {
      this.#reached = resolve;
      if (this.count >= target) resolve();
    });
  }

  add(n: number): void {
    this.count += n;
    if (this.count >= this.#target) this.#reached();
  }
}

/**
 * Audience members in pages of `size` (keyset on lead_id), the next page read while the caller
 * enqueues the current one: how an application feeds a JavaScript bulk-enqueue API.
 */
export async function* audiencePages(pool: pg.Pool, campaignId: string, size: number): AsyncGenerator<DeliveryJob[]> {
  const page = async (after: string) => (await pool.query<{ lead_id: string }>(
    `SELECT lead_id FROM campaign_audience WHERE campaign_id = $1 AND status = 'pending' AND lead_id > $2 ORDER BY lead_id LIMIT $3`,
    [campaignId, after, size])).rows;
  let next = page('00000000-0000-0000-0000-000000000000');
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    next = page(rows[rows.length - 1]!.lead_id);
    yield rows.map((r) => ({ campaignId, leadId: r.lead_id }));
  }
}

export const GRAPHILE_TASK = 'send_delivery';

export class GraphileWorkerPeer {
  readonly completed = new CompletionCounter();
  readonly pool: pg.Pool;

  constructor(url: string, maxPoolSize = 10) {
    this.pool = new pg.Pool({ connectionString: url, max: maxPoolSize, application_name: 'bench-graphile-worker' });
    this.pool.on('error', () => undefined);
    // Completion = the DELETE of the job row (graphile-worker deletes completed jobs).
    this.pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const result = query(...args);
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '';
        if (result instanceof Promise && /delete from \S+\._private_jobs/i.test(text)) {
          result.then((r: pg.QueryResult) => this.completed.add(r.rowCount ?? 0), () => undefined);
        }
        return result;
      };
    });
  }

  install(): Promise<void> {
    return runMigrations({ pgPool: this.pool, logger: silent });
  }

  /**
   * `graphile_worker.add_jobs` fed in SQL from the audience, `batch` members per call: the
   * fastest form of its bulk API (no job payload crosses the wire), the same set-based shape as
   * our INSERT … SELECT.
   */
  async addJobsFromAudience(campaignId: string, batch: number): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const { rows: [row] } = await this.pool.query<{ added: number; last: string | null }>(`
        WITH batch AS (
          SELECT campaign_id, lead_id FROM campaign_audience
           WHERE campaign_id = $1 AND status = 'pending' AND lead_id > $2 ORDER BY lead_id LIMIT $3
        ), added AS (
          SELECT count(*)::int AS n FROM graphile_worker.add_jobs(ARRAY(
            SELECT ROW($4, json_build_object('campaignId', campaign_id, 'leadId', lead_id), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec
              FROM batch))
        )
        SELECT (SELECT n FROM added) AS added, (SELECT lead_id FROM batch ORDER BY lead_id DESC LIMIT 1)::text AS last`, [campaignId, after, batch, GRAPHILE_TASK]);
      if (!row || row.last === null) return total;
      total += row.added;
      after = row.last;
    }
  }

  /** The JavaScript `addJobs` (WorkerUtils) fed with audience pages read by the application. */
  async addJobsFromJs(campaignId: string, batch: number): Promise<number> {
    const { makeWorkerUtils } = await import('graphile-worker');
    const utils = await makeWorkerUtils({ pgPool: this.pool, logger: silent });
    let total = 0;
    try {
      for await (const jobs of audiencePages(this.pool, campaignId, batch)) {
        total += (await utils.addJobs(jobs.map((payload) => ({ identifier: GRAPHILE_TASK, payload })))).length;
      }
    } finally {
      await utils.release();
    }
    return total;
  }

  /** `run` with `concurrency` workers and graphile-worker's documented batching (performance page). */
  start(gateway: ChannelGateway, concurrency: number, localQueueSize: number): Promise<Runner> {
    return run({
      pgPool: this.pool,
      concurrency,
      noHandleSignals: true,
      logger: silent,
      pollInterval: 1000,
      taskList: {
        [GRAPHILE_TASK]: async (payload, helpers) => {
          await sendOf(gateway, payload as DeliveryJob, helpers.job.id);
        },
      },
      preset: { worker: { localQueue: { size: localQueueSize }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
  }

  async queued(): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`)).rows[0]!.n;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

export const PG_BOSS_QUEUE = 'deliveries';

export class PgBossPeer {
  readonly completed = new CompletionCounter();
  readonly pool: pg.Pool;
  readonly boss: PgBoss;
  /** pg-boss does not await a batch's completion before fetching the next: end() waits for them. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(url: string, max = 10) {
    this.pool = new pg.Pool({ connectionString: url, max, application_name: 'bench-pg-boss' });
    this.pool.on('error', () => undefined);
    const pool = this.pool;
    const completed = this.completed;
    const inFlight = this.#inFlight;
    const closed = () => this.#closed;
    // pg-boss's own Db is `pool.query(text, values)`; this one also counts completed jobs.
    const db = {
      async executeSql(text: string, values: unknown[]) {
        // A handler that outlives stop() may still complete its batch: nothing to do by then.
        if (closed()) return { rows: text.includes('SELECT COUNT(*) FROM results') ? [{ count: '0' }] : [], rowCount: 0 };
        const query = pool.query(text, values);
        inFlight.add(query);
        try {
          const result = await query;
          if (text.includes('completed_on = now()') && text.includes('SELECT COUNT(*) FROM results')) completed.add(Number(result.rows[0]?.count ?? 0));
          return result;
        } finally {
          inFlight.delete(query);
        }
      },
    };
    this.boss = new PgBoss({ db, supervise: false, schedule: false });
    this.boss.on('error', () => undefined);
  }

  async install(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(PG_BOSS_QUEUE);
  }

  /** `insert` (pg-boss's bulk API: one INSERT … SELECT from a JSON array) of audience pages. */
  async insertFromAudience(campaignId: string, batch: number): Promise<number> {
    let total = 0;
    for await (const jobs of audiencePages(this.pool, campaignId, batch)) {
      await this.boss.insert(jobs.map((data) => ({ name: PG_BOSS_QUEUE, data })));
      total += jobs.length;
    }
    return total;
  }

  /** `work` called `workers` times (each is one fetch loop), `batchSize` jobs per fetch. */
  async start(gateway: ChannelGateway, workers: number, batchSize: number): Promise<void> {
    for (let i = 0; i < workers; i++) {
      await this.boss.work<DeliveryJob>(PG_BOSS_QUEUE, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) await sendOf(gateway, job.data, job.id);
      });
    }
  }

  async queued(): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'created'`, [PG_BOSS_QUEUE])).rows[0]!.n;
  }

  async end(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false });
    // stop() does not wait for the work loops (pg-boss polls them every second): a loop still in
    // its handler completes its batch afterwards.
    for (let quiet = 0; quiet < 2;) {
      if (this.#inFlight.size > 0) {
        quiet = 0;
        await Promise.allSettled([...this.#inFlight]);
      } else {
        quiet++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    this.#closed = true;
    await this.pool.end();
  }
}
