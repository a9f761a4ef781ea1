// `npm run bench`: every benchmark the issues name, each side by side with its peer in one run.
// BENCH_SECONDS (default 10) sets each load phase; BENCH_DATABASE_URL uses an existing server.
import 'reflect-metadata';
import { benchDatabase } from './support/postgres.js';
import { printReport, type BenchRow } from './support/report.js';
import { campaignApiBench } from './campaign-api.bench.js';
import { eventRelayBench } from './event-relay.bench.js';
import { segmentsBench } from './segments.bench.js';
import { leadImportBench } from './lead-import.bench.js';
import { replayBench } from './replay.bench.js';
import { dispatchBench } from './dispatch.bench.js';

const benches: Record<string, (db: Awaited<ReturnType<typeof benchDatabase>>) => Promise<BenchRow[]>> = {
  'campaign-api': campaignApiBench,
  'event-relay': eventRelayBench,
  segments: segmentsBench,
  'lead-import': leadImportBench,
  replay: replayBench,
  dispatch: dispatchBench,
};

const only = process.argv.slice(2);
const db = await benchDatabase();
const rows: BenchRow[] = [];
try {
  for (const [name, bench] of Object.entries(benches)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`running ${name} …`);
    rows.push(...(await bench(db)));
  }
} finally {
  await db.stop();
}
printReport(rows);
