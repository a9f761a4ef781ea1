import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { createMessageTransport, type MessageTransport } from '../../../seedwork/infrastructure/messaging/index.js';
import { CAMPAIGN_METRICS, rebuildProjection, type RebuildResult, type RebuildSource } from '../../reporting/index.js';
import { loadConfig } from '../config.js';
import { eventUpcasters } from '../event-upcasters.js';
import { openCliDatabase } from './cli-database.js';

// `npm run replay -- --projection campaign-metrics [--source log|pulsar]`: rebuilds a projection
// into fresh tables, compares them row by row with the live ones and swaps them in. Exit code 0
// when they agree, 1 when they differ, 2 when the replay could not run.
const options = new Command()
  .name('replay')
  .description('Rebuild a projection from the event log or from its topic, check it against the live one, and swap it in')
  .addOption(new Option('--projection <name>', 'projection to rebuild').choices([CAMPAIGN_METRICS]).makeOptionMandatory())
  .addOption(new Option('--source <source>', 'read the event log, or the topic from its earliest message').choices(['log', 'pulsar']).default('log'))
  .option('--force', 'swap even when the rebuilt projection differs (repairs a live one known to be wrong)', false)
  .option('--dry-run', 'compare only; keep the live projection', false)
  .parse()
  .opts<{ projection: typeof CAMPAIGN_METRICS; source: 'log' | 'pulsar'; force: boolean; dryRun: boolean }>();

function report(result: RebuildResult): void {
  console.log(`${result.events} events (${result.duplicates} duplicates skipped) → ${result.campaigns} campaigns in ${result.seconds.toFixed(2)} s: ${Math.round(result.eventsPerSecond)} events/s`);
  console.log(`compared ${result.compared} campaigns with the live projection; ${result.ahead} ahead of it (not yet applied live)`);
  if (result.gaps) console.log(`${result.gaps} events came before a predecessor and were skipped`);
  for (const difference of result.differences) {
    const columns = difference.columns.map((c) => `${c.column}: live ${JSON.stringify(c.live)} ≠ rebuilt ${JSON.stringify(c.rebuilt)}`).join('; ');
    console.log(`  ${difference.kind} ${difference.campaignId}: ${columns}`);
  }
  if (result.differenceCount > result.differences.length) console.log(`  … and ${result.differenceCount - result.differences.length} more`);
  console.log(result.consistent ? 'consistent: rebuilt equals live' : `INCONSISTENT: ${result.differenceCount} campaign(s) differ${result.swapped ? '' : ' (kept in campaign_stats_rebuild)'}`);
  console.log(result.swapped ? 'swapped: the rebuilt projection is live' : 'not swapped: the live projection is unchanged');
}

async function main(): Promise<number> {
  const config = loadConfig();
  if (options.source === 'pulsar' && !config.pulsar) {
    console.error('--source pulsar needs PULSAR_URL (and PULSAR_ADMIN_URL unless the broker serves it on port 8080).');
    return 2;
  }
  const database = await openCliDatabase(config);
  let transport: MessageTransport | undefined;
  const bar = new SingleBar({ format: `${options.projection} from ${options.source} |{bar}| {value}/{total} events | {speed} events/s`, hideCursor: true });
  try {
    let source: RebuildSource = { kind: 'log' };
    if (options.source === 'pulsar') {
      transport = await createMessageTransport(config.pulsar!, { onWarning: (message) => console.error(message) });
      source = { kind: 'pulsar', transport, adminUrl: config.pulsar!.webServiceUrl, topics: config.pulsar! };
    }
    const started = performance.now();
    bar.start(0, 0, { speed: 0 });
    const result = await rebuildProjection({
      projection: options.projection, databaseUrl: database.url, source, upcasters: eventUpcasters,
      swap: options.dryRun ? 'never' : options.force ? 'always' : 'if-consistent',
      onProgress: ({ events, total }) => {
        bar.setTotal(Math.max(total ?? 0, events));
        bar.update(events, { speed: Math.round(events / Math.max(0.001, (performance.now() - started) / 1000)) });
      },
    });
    bar.stop();
    report(result);
    return result.consistent ? 0 : 1;
  } finally {
    bar.stop();
    await transport?.close();
    await database.close();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`replay failed: ${(error as Error).message}`);
  process.exit(2);
});
