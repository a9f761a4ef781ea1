import autocannon from 'autocannon';
import pg from 'pg';
import { signToken } from '../../src/app/auth-secret.js';
import type { BenchDatabase } from './support/postgres.js';
import { startNode, waitForHttp } from './support/processes.js';
import type { BenchRow } from './support/report.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const CONNECTIONS = 50;

function seconds(): number {
  return Number(process.env.BENCH_SECONDS ?? 10);
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, duration: seconds(), ...options });
}

/**
 * Issue 2: `GET /api/v1/campaigns/{id}` against a minimal Express + pg handler on the same
 * database, and lifecycle commands (create → add audience → activate → pause → resume) per second.
 */
export async function campaignApiBench(db: BenchDatabase): Promise<BenchRow[]> {
  const url = await db.create('bench_campaign_api');
  // One token sends every request: the per-caller limit is set out of reach, yet still counted on each request.
  const service = startNode('dist/src/app/main.js', { DATABASE_URL: url, PORT: '3901', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'info', DB_POOL_SIZE: '20', RATE_LIMIT_PER_MINUTE: '100000000' }, ['--role', 'api']);
  const baseline = startNode('dist/scripts/bench/peers/express-pg-baseline.js', { DATABASE_URL: url, PORT: '3902', DB_POOL_SIZE: '20' });
  try {
    await waitForHttp('http://127.0.0.1:3901/health/ready');
    await waitForHttp('http://127.0.0.1:3902/health/live');
    const token = await signToken(SECRET, { sub: 'bench', role: 'brand_manager', brands: ['acme'], expiresIn: '1h' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ brandId: 'acme', name: 'Bench', type: 'loyalty', objective: 'sales', channel: 'call', budget: { amount: '100.00', currency: 'USD' } });
    const created = await (await fetch('http://127.0.0.1:3901/api/v1/campaigns', { method: 'POST', headers, body })).json() as { id: string };
    // Activation needs an audience: every benchmark campaign gets this one lead.
    const lead = await (await fetch('http://127.0.0.1:3901/api/v1/leads', {
      method: 'POST', headers, body: JSON.stringify({ brandId: 'acme', firstName: 'Ana', phone: '+573001234567' }),
    })).json() as { id: string };
    const audience = JSON.stringify({ leadIds: [lead.id] });

    // Warm both up (JIT, pools) before measuring; then measure one after the other.
    await autocannon({ url: `http://127.0.0.1:3901/api/v1/campaigns/${created.id}`, headers, connections: 10, duration: 2 });
    await autocannon({ url: `http://127.0.0.1:3902/api/v1/campaigns/${created.id}`, connections: 10, duration: 2 });
    const ours = await load({ url: `http://127.0.0.1:3901/api/v1/campaigns/${created.id}`, headers });
    const peer = await load({ url: `http://127.0.0.1:3902/api/v1/campaigns/${created.id}` });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Each lifecycle command records exactly one Campaign event (activation also queues deliveries: not counted).
    const campaignEvents = async () => Number((await client.query(`SELECT count(*) FROM domain_events WHERE aggregate_type = 'Campaign'`)).rows[0].count);
    const before = await campaignEvents();
    const lifecycle = await load({
      url: 'http://127.0.0.1:3901',
      headers,
      requests: [
        {
          method: 'POST', path: '/api/v1/campaigns', body,
          onResponse: (_status, responseBody, context) => { (context as { id?: string }).id = JSON.parse(responseBody).id; },
        },
        { method: 'POST', body: audience, setupRequest: (req, context) => ({ ...req, path: `/api/v1/campaigns/${(context as { id: string }).id}/audience` }) },
        { method: 'POST', setupRequest: (req, context) => ({ ...req, path: `/api/v1/campaigns/${(context as { id: string }).id}/activate` }) },
        { method: 'POST', setupRequest: (req, context) => ({ ...req, path: `/api/v1/campaigns/${(context as { id: string }).id}/pause` }) },
        { method: 'POST', setupRequest: (req, context) => ({ ...req, path: `/api/v1/campaigns/${(context as { id: string }).id}/resume` }) },
      ],
    });
    const events = (await campaignEvents()) - before;
    await client.end();
    const ok = lifecycle['2xx'];
    // Requests still in flight when the load stops commit after autocannon stopped counting.
    if (lifecycle.non2xx > 0 || events < ok || events > ok + CONNECTIONS) {
      throw new Error(`lifecycle benchmark inconsistent: ${ok} successful commands, ${lifecycle.non2xx} failed, ${events} events written`);
    }
    return [
      { name: 'GET /campaigns/{id} throughput', ours: ours.requests.average, unit: 'req/s', peer: { name: 'express+pg', value: peer.requests.average }, goal: { min: 0.5, on: 'ratio' } },
      { name: 'GET /campaigns/{id} p99 latency', ours: ours.latency.p99, unit: 'ms', peer: { name: 'express+pg', value: peer.latency.p99 }, note: `${CONNECTIONS} connections` },
      { name: 'lifecycle commands', ours: lifecycle.requests.average, unit: 'cmd/s', goal: { min: 1000, on: 'value' }, note: `${ok} commands, ${events} events written, p99 ${lifecycle.latency.p99} ms` },
    ];
  } finally {
    await service.stop();
    await baseline.stop();
  }
}
