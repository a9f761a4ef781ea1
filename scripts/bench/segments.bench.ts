import pg from 'pg';
import { signToken } from '../../src/app/auth-secret.js';
import { migratedDatabase } from './support/migrated-database.js';
import type { BenchDatabase } from './support/postgres.js';
import { startNode, waitForHttp } from './support/processes.js';
import type { BenchRow } from './support/report.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const STAGES = ['new', 'profiling', 'financial_qualification', 'meeting_scheduled', 'follow_up', 'referrals', 'won', 'lost'];
const TAGS = ['vip', 'gold', 'silver', 'newsletter', 'b2b', 'retail', 'churn-risk', 'referral', 'event', 'webinar'];

/** `count` leads of one brand in one set-based statement: varied stages, scores, 1–3 tags, a few opted out. */
async function seedLeads(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO leads (id, brand_id, first_name, last_name, phone, email, tags, score, stage, stage_entered_at, treatment,
                        do_not_contact, opted_out_channels, consent_updated_at, interactions, version, created_at, updated_at)
     SELECT gen_random_uuid(), 'acme', 'Lead', i::text, '+5730' || lpad(i::text, 8, '0'), 'lead' || i || '@example.com',
            ARRAY(SELECT ($2::text[])[1 + ((i * k * 7) % 10)] FROM generate_series(1, 1 + i % 3) k),
            (i * 37) % 101, ($1::text[])[1 + i % 8], now(), 'automated_call',
            i % 50 = 0, CASE WHEN i % 40 = 0 THEN ARRAY['call'] ELSE '{}'::text[] END, now(), i % 9, 1,
            now() - make_interval(mins => i % 100000), now()
       FROM generate_series(1, $3::int) i`,
    [STAGES, TAGS, count],
  );
  await client.query('ANALYZE leads');
  await client.end();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Issue 4: segment preview latency over BENCH_LEADS (default 1,000,000) leads with a
 * three-condition criteria, and adding that segment to a campaign's audience, through the API
 * of the real service process.
 */
export async function segmentsBench(db: BenchDatabase): Promise<BenchRow[]> {
  const count = Number(process.env.BENCH_LEADS ?? 1_000_000);
  const { url, dataSource } = await migratedDatabase(db, 'bench_segments');
  await dataSource.destroy();
  const seeding = performance.now();
  await seedLeads(url, count);
  const seededIn = (performance.now() - seeding) / 1000;
  const service = startNode('dist/src/app/main.js', { DATABASE_URL: url, PORT: '3903', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }, ['--role', 'api']);
  try {
    await waitForHttp('http://127.0.0.1:3903/health/ready');
    const token = await signToken(SECRET, { sub: 'bench', role: 'brand_manager', brands: ['acme'], expiresIn: '1h' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const api = async (path: string, body: unknown) => {
      const response = await fetch(`http://127.0.0.1:3903/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const criteria = { all: [
      { field: 'stage', op: 'in', value: ['new', 'profiling', 'follow_up'] },
      { field: 'tags', op: 'contains_any', value: ['vip', 'gold'] },
      { field: 'score', op: 'gte', value: 40 },
    ] };
    for (let i = 0; i < 5; i++) await api('/segments/preview', { brandId: 'acme', criteria, channel: 'call' }); // warm-up
    const latencies: number[] = [];
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      total = (await api('/segments/preview', { brandId: 'acme', criteria, channel: 'call' })).total as number;
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);

    const segment = await api('/segments', { brandId: 'acme', name: 'bench', criteria });
    const campaign = await api('/campaigns', { brandId: 'acme', name: 'Bench', type: 'loyalty', objective: 'sales', channel: 'call' });
    const started = performance.now();
    const added = await api(`/campaigns/${campaign.id}/audience`, { segmentId: segment.id });
    const addSeconds = (performance.now() - started) / 1000;
    const note = `${count.toLocaleString('en-US')} leads (seeded in ${seededIn.toFixed(0)} s), ${total.toLocaleString('en-US')} match`;
    return [
      { name: 'segment preview p95 (stage in, tag any, score gte)', ours: percentile(latencies, 95), unit: 'ms', goal: { max: 200, on: 'value' }, note: `${note}; p50 ${percentile(latencies, 50).toFixed(0)} ms` },
      { name: 'add segment to campaign audience', ours: addSeconds, unit: 's', goal: { max: 30, on: 'value' }, note: `${String(added.added)} members added` },
    ];
  } finally {
    await service.stop();
  }
}
