import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runWriters } from '../../support/event-writers.js';
import { createRelayFixture, type RelayFixture } from '../../support/relay-fixture.js';

const SUPPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../support');
const BATCH_SIZE = 500; // the relay's default: at most one unacknowledged batch is in flight

/** A relay in a child process, run from the TypeScript sources (see register-typescript.mjs). */
class RelayProcess {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly leading: Promise<RelayProcess>;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', path.join(SUPPORT, 'register-typescript.mjs'), path.join(SUPPORT, 'outbox-relay-process.ts')], {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.leading = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        this.output.push(line);
        if (line.includes('holds the lease')) resolve(this);
      });
      this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
      void this.exited.then((code) => reject(new Error(`relay process exited (${code}) before leading:\n${this.output.join('\n')}`)));
    });
    this.leading.catch(() => undefined); // a killed standby never leads
  }
}

describe('outbox relay killed with SIGKILL during a burst', () => {
  let fixture: RelayFixture;
  const processes: RelayProcess[] = [];
  afterAll(async () => {
    for (const relay of processes) relay.child.kill('SIGKILL');
    await fixture?.close();
  });

  it('10,000 events, the leading relay killed again and again: nothing missing, duplicates bounded, order kept', async () => {
    fixture = await createRelayFixture('relay-crash');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: fixture.database.url,
      PULSAR_URL: fixture.pulsar.serviceUrl,
      PULSAR_ADMIN_URL: fixture.pulsar.adminUrl,
      PULSAR_TENANT: fixture.namespace.tenant,
      PULSAR_NAMESPACE: fixture.namespace.namespace,
      PULSAR_TRANSPORT: 'auto',
    };
    const launch = (): RelayProcess => {
      const relay = new RelayProcess(env);
      processes.push(relay);
      return relay;
    };
    // A leader and a standby: each kill hands the lease over, and the victim is replaced.
    let alive = [launch(), launch()];
    let writingDone = false;
    const writing = runWriters(fixture.dataSource, 10, { events: 1_000, maxDelayMs: 12, rollbackRate: 0.02 })
      .finally(() => { writingDone = true; });

    let kills = 0;
    while (!writingDone || kills < 4) {
      const leader = await Promise.race(alive.map((relay) => relay.leading));
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 600));
      leader.child.kill('SIGKILL');
      await leader.exited;
      kills++;
      alive = [...alive.filter((relay) => relay !== leader), launch()];
    }
    const written = await writing;
    expect(written.committed.size).toBe(10_000);

    await fixture.collector.waitForCount(10_000, 90_000);
    await fixture.waitForNoLag(30_000);
    const { collector } = fixture;
    expect([...written.rolledBack].some((id) => collector.events.has(id))).toBe(false);
    expect(collector.orderViolations).toEqual([]);
    expect(collector.mismatches).toEqual([]);
    // At least once: only the batch in flight at each kill can be published again.
    expect(collector.duplicates).toBeLessThanOrEqual(kills * BATCH_SIZE);
    console.info(`relay crash test: ${kills} SIGKILLs, ${collector.duplicates} duplicates absorbed by eventId`);

    for (const relay of alive) relay.child.kill('SIGTERM');
    expect(await Promise.all(alive.map((relay) => relay.exited))).toEqual([0, 0]); // graceful stop
  }, 5 * 60_000);
});
