import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT } from './processes.js';

export interface BenchPulsar {
  serviceUrl: string;
  webServiceUrl: string;
  /** A fresh namespace with the production policies (infinite retention, deduplication). */
  namespace(label: string): Promise<{ tenant: string; namespace: string }>;
}

async function admin(base: string, method: string, route: string, body?: unknown): Promise<void> {
  const response = await fetch(`${base}/admin/v2${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
}

/** PULSAR_URL/PULSAR_ADMIN_URL when set, else the project's local broker (started if needed). */
export async function benchPulsar(): Promise<BenchPulsar> {
  let serviceUrl = process.env.PULSAR_URL;
  let webServiceUrl = process.env.PULSAR_ADMIN_URL;
  if (!serviceUrl || !webServiceUrl) {
    await new Promise<void>((resolve, reject) =>
      execFile(path.join(ROOT, 'scripts/pulsar/pulsar.sh'), ['start'], { timeout: 15 * 60_000 }, (error, _out, stderr) =>
        error ? reject(new Error(`pulsar.sh start failed: ${stderr}`)) : resolve()));
    serviceUrl = 'pulsar://127.0.0.1:6650';
    webServiceUrl = 'http://127.0.0.1:8080';
  }
  const web = webServiceUrl.replace(/\/+$/, '');
  return {
    serviceUrl,
    webServiceUrl: web,
    async namespace(label) {
      const namespace = `bench-${label}-${randomBytes(4).toString('hex')}`;
      await admin(web, 'PUT', `/namespaces/public/${namespace}`);
      await admin(web, 'POST', `/namespaces/public/${namespace}/retention`, { retentionTimeInMinutes: -1, retentionSizeInMB: -1 });
      await admin(web, 'POST', `/namespaces/public/${namespace}/deduplication`, true);
      return { tenant: 'public', namespace };
    },
  };
}
