import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PulsarEndpoints {
  /** Binary protocol (native client). */
  serviceUrl: string;
  /** Admin REST API and WebSocket API (same port). */
  adminUrl: string;
  wsUrl: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts/pulsar/pulsar.sh');
/** Provisioning downloads the broker from Maven Central the first time. */
const START_TIMEOUT_MS = 15 * 60_000;

/**
 * The marker global-teardown.mjs looks for: "this test run started the broker, stop it". The
 * run is identified by the PostgreSQL server global-setup.mjs started for it (same computation
 * there).
 */
export function startedByThisRunMarker(): string {
  const run = createHash('sha256').update(process.env.TEST_SERVER_URL ?? 'no-server').digest('hex').slice(0, 16);
  return path.join(tmpdir(), `cms-test-pulsar-${run}.started`);
}

async function ready(adminUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${adminUrl}/admin/v2/clusters`, { signal: AbortSignal.timeout(3_000) });
    return response.ok && JSON.stringify(await response.json()) === '["standalone"]';
  } catch {
    return false;
  }
}

function runScript(command: 'start' | 'stop'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(SCRIPT, [command], { timeout: START_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${SCRIPT} ${command} failed: ${error.message}\n${stderr.split('\n').slice(-25).join('\n')}`));
      else resolve(stdout);
    });
  });
}

function endpoints(serviceUrl: string, adminUrl: string): PulsarEndpoints {
  const admin = adminUrl.replace(/\/+$/, '');
  return { serviceUrl, adminUrl: admin, wsUrl: admin.replace(/^http/, 'ws') };
}

async function locateOrStart(): Promise<PulsarEndpoints> {
  const configured = process.env.PULSAR_URL;
  if (configured) {
    const admin = process.env.PULSAR_ADMIN_URL ?? `http://${new URL(configured).hostname}:8080`;
    if (!(await ready(admin))) throw new Error(`PULSAR_URL is set but no ready broker answers at ${admin}/admin/v2/clusters`);
    return endpoints(configured, admin);
  }
  const local = endpoints('pulsar://127.0.0.1:6650', 'http://127.0.0.1:8080');
  if (await ready(local.adminUrl)) return local;
  try {
    // The script takes a lock, so two workers starting at once get one broker; the second finds it running.
    await runScript('start');
  } catch (error) {
    const where = process.env.CI === 'true' ? 'CI=true: a real broker is required, nothing is skipped. ' : '';
    throw new Error(
      `${where}These tests need Apache Pulsar and it could not be started. Run scripts/pulsar/pulsar.sh start ` +
        `(Java 17 + Maven Central), or point PULSAR_URL and PULSAR_ADMIN_URL at a broker.\n${(error as Error).message}`,
    );
  }
  await writeFile(startedByThisRunMarker(), `${process.pid}\n`);
  return local;
}

let located: Promise<PulsarEndpoints> | undefined;

/**
 * A ready broker: the one PULSAR_URL/PULSAR_ADMIN_URL name, else the local one, started by the
 * project script if needed (once per test run; global-teardown.mjs stops it again).
 */
export function ensurePulsar(): Promise<PulsarEndpoints> {
  located ??= locateOrStart();
  return located;
}

async function admin(pulsar: PulsarEndpoints, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${pulsar.adminUrl}/admin/v2${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

export interface TestNamespace {
  tenant: string;
  namespace: string;
  /** Full topic name inside this namespace. */
  topic(name: string): string;
  /** Best effort: deletes the topics, then the namespace. */
  drop(): Promise<void>;
}

/**
 * A namespace of its own for one test file, with the production policies (infinite retention,
 * deduplication), so runs and files never see each other's messages.
 */
export async function createTestNamespace(pulsar: PulsarEndpoints, label: string): Promise<TestNamespace> {
  const tenant = 'public';
  const namespace = `test-${label}-${randomBytes(4).toString('hex')}`;
  const ns = `${tenant}/${namespace}`;
  const steps: Array<[string, string, unknown]> = [
    ['PUT', `/namespaces/${ns}`, undefined],
    ['POST', `/namespaces/${ns}/retention`, { retentionTimeInMinutes: -1, retentionSizeInMB: -1 }],
    ['POST', `/namespaces/${ns}/deduplication`, true],
  ];
  for (const [method, route, body] of steps) {
    const response = await admin(pulsar, method, route, body);
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  }
  return {
    tenant,
    namespace,
    topic: (name) => `persistent://${ns}/${name}`,
    async drop() {
      try {
        const topics = (await (await admin(pulsar, 'GET', `/namespaces/${ns}/topics`)).json()) as string[];
        await Promise.all(topics.map((topic) => admin(pulsar, 'DELETE', `/${topic.replace('://', '/')}?force=true`)));
        await admin(pulsar, 'DELETE', `/namespaces/${ns}`);
      } catch {
        // The broker is wiped on its next start anyway.
      }
    },
  };
}
