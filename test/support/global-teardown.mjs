import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Stops the Pulsar broker if a test of this run started it (same marker as test/support/pulsar.ts). */
async function stopPulsarStartedByThisRun() {
  const run = createHash('sha256').update(process.env.TEST_SERVER_URL ?? 'no-server').digest('hex').slice(0, 16);
  const marker = path.join(tmpdir(), `cms-test-pulsar-${run}.started`);
  if (!existsSync(marker)) return;
  await promisify(execFile)(path.join(ROOT, 'scripts/pulsar/pulsar.sh'), ['stop'], { timeout: 120_000 });
  await rm(marker, { force: true });
}

export default async function globalTeardown() {
  await stopPulsarStartedByThisRun();
  const embedded = globalThis.__embeddedPg;
  if (!embedded) return;
  await embedded.pg.stop();
  await rm(embedded.root, { recursive: true, force: true });
}
