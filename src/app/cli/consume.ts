import { Command, Option } from 'commander';
import {
  createMessageTransport, parseEnvelope, type EventEnvelope, type ReceivedMessage,
} from '../../../seedwork/infrastructure/messaging/index.js';
import { loadConfig } from '../config.js';
import { eventUpcasters } from '../event-upcasters.js';

// `npm run consume -- --topic campaign-events [--from earliest|latest] [--subscription name]`:
// the example downstream consumer of README "Consuming events from another service". It
// subscribes with Key_Shared, reads each envelope at its current schemaVersion, skips
// redeliveries by eventId (a real service keeps those ids in an inbox table, in the same
// transaction as its own writes) and checks each aggregate's versions arrive in order.
const options = new Command()
  .name('consume')
  .description('Print the events of a topic as they arrive (Ctrl-C to stop)')
  .requiredOption('--topic <name>', 'topic name (e.g. campaign-events) or full persistent:// name')
  .addOption(new Option('--from <position>', 'where a new subscription starts').choices(['earliest', 'latest']).default('earliest'))
  .option('--subscription <name>', 'durable subscription name; default a fresh one per run')
  .parse()
  .opts<{ topic: string; from: 'earliest' | 'latest'; subscription?: string }>();

const config = loadConfig();
if (!config.pulsar) {
  console.error('PULSAR_URL is not set: without a broker events stay in the event log (see README, "Events on Apache Pulsar").');
  process.exit(1);
}
const pulsar = config.pulsar;
const topic = options.topic.includes('://') ? options.topic : `persistent://${pulsar.tenant}/${pulsar.namespace}/${options.topic}`;
const subscription = options.subscription ?? `consume-cli-${Date.now().toString(36)}`;

const seen = new Set<string>();
const lastVersion = new Map<string, number>();

function print(message: ReceivedMessage): void {
  let event: EventEnvelope;
  try {
    event = eventUpcasters.upcast(parseEnvelope(message.payload));
  } catch (error) {
    console.error(`skipped a message that is not an event envelope (${(error as Error).message})`);
    return;
  }
  if (seen.has(event.eventId)) {
    console.error(`duplicate ${event.eventId} (${event.eventType} ${event.aggregateId}@${event.aggregateVersion}) skipped`);
    return;
  }
  seen.add(event.eventId);
  const previous = lastVersion.get(event.aggregateId) ?? 0;
  if (event.aggregateVersion !== previous + 1) console.error(`note: ${event.aggregateId} jumps from version ${previous} to ${event.aggregateVersion}`);
  lastVersion.set(event.aggregateId, Math.max(previous, event.aggregateVersion));
  console.log(`${event.eventType} ${event.aggregateId}@${event.aggregateVersion} ${event.brandId} ${JSON.stringify(event.data)}`);
}

const transport = await createMessageTransport(pulsar, { onWarning: (message) => console.error(message) });
const consumer = await transport.subscribe({ topic, subscription, type: 'Key_Shared', initialPosition: options.from }, async (message) => {
  print(message);
  return 'ack';
});
console.error(`consuming ${topic} as subscription "${subscription}" (${transport.kind}); Ctrl-C to stop`);

const stop = async (): Promise<void> => {
  await consumer.close();
  await transport.close();
  // A generated subscription belongs to this run alone: left behind, it would keep the topic's backlog forever.
  if (!options.subscription) {
    const path = `${topic.replace('://', '/')}/subscription/${encodeURIComponent(subscription)}`;
    await fetch(`${pulsar.webServiceUrl}/admin/v2/${path}`, { method: 'DELETE' }).catch(() => undefined);
  }
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
