// A relay in a process of its own, so tests can SIGKILL it. Run without a build step:
//   node --import ./test/support/register-typescript.mjs test/support/outbox-relay-process.ts
// Env: DATABASE_URL, PULSAR_URL, PULSAR_ADMIN_URL, PULSAR_TENANT, PULSAR_NAMESPACE,
// PULSAR_TRANSPORT, RELAY_LEASE_RETRY_MS. Prints one JSON line per role change; SIGTERM stops it
// gracefully.
import { OutboxRelay } from '../../seedwork/infrastructure/messaging/outbox-relay.js';
import { pulsarConfigFromEnv } from '../../seedwork/infrastructure/messaging/pulsar-config.js';
import { createMessageTransport } from '../../seedwork/infrastructure/messaging/transport-factory.js';

const databaseUrl = process.env.DATABASE_URL;
const pulsar = pulsarConfigFromEnv();
if (!databaseUrl || !pulsar) throw new Error('DATABASE_URL and PULSAR_URL are required');

const print = (line: object): void => { process.stdout.write(`${JSON.stringify(line)}\n`); };
const transport = await createMessageTransport(pulsar, { onWarning: (message) => print({ warning: message }) });
const relay = new OutboxRelay({
  databaseUrl,
  transport,
  topics: pulsar,
  leaseRetryMs: Number(process.env.RELAY_LEASE_RETRY_MS ?? 200),
  retry: { initialMs: 50, maxMs: 1_000 },
  logger: { info: (details, message) => print({ info: message, ...details }), warn: (details, message) => print({ warn: message, ...details }) },
});
relay.start();
print({ started: process.pid, transport: transport.kind });

process.once('SIGTERM', () => {
  void relay.stop().then(() => transport.close()).then(() => process.exit(0));
});
