import { createMessageTransport } from '../../../seedwork/infrastructure/messaging/transport-factory.js';
import { runWriters } from '../../support/event-writers.js';
import { createRelayFixture, until, type RelayFixture } from '../../support/relay-fixture.js';
import { TcpProxy } from '../../support/tcp-proxy.js';

const SETUP_MS = 15 * 60_000;

describe('outbox relay (real PostgreSQL, real Pulsar)', () => {
  let fixture: RelayFixture;
  afterEach(async () => { await fixture?.close(); });

  it('20 concurrent writers × 500 events with random commit delays: every event exactly once per eventId, versions consecutive', async () => {
    fixture = await createRelayFixture('relay-concurrency');
    const relay = fixture.relay();
    relay.start();
    const written = await runWriters(fixture.dataSource, 20, { events: 500, maxDelayMs: 15, rollbackRate: 0.05 });
    expect(written.committed.size).toBe(10_000);

    await fixture.collector.waitForCount(10_000, 60_000);
    await fixture.waitForNoLag(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything extra would show up now
    const { collector } = fixture;
    expect(collector.events.size).toBe(10_000);
    expect([...collector.events.keys()].every((id) => written.committed.has(id))).toBe(true);
    expect([...written.rolledBack].some((id) => collector.events.has(id))).toBe(false);
    expect(collector.orderViolations).toEqual([]);
    expect(collector.mismatches).toEqual([]);
    expect(relay.status()).toMatchObject({ role: 'leader', lastError: undefined });

    // The run really had transactions whose id is older than an earlier position's, and gaps from
    // rollbacks: the cases a position checkpoint filtered only by xmin would skip past.
    const [{ inverted, gaps }] = await fixture.dataSource.query(`
      SELECT count(*) FILTER (WHERE transaction_id < max_before)::int AS inverted,
             (max(position) - count(*))::int AS gaps
        FROM (SELECT position, transaction_id,
                     max(transaction_id) OVER (ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS max_before
                FROM domain_events) rows`);
    expect(inverted).toBeGreaterThan(0);
    expect(gaps).toBeGreaterThan(0);
  }, SETUP_MS);

  it('lease: of two relays one publishes, the other stands by and takes over when the holder stops', async () => {
    fixture = await createRelayFixture('relay-lease');
    const first = fixture.relay();
    const second = fixture.relay();
    first.start();
    await until(() => first.status().role === 'leader', 10_000, 'the first relay to lead');
    second.start();
    await until(() => second.status().role === 'standby', 10_000, 'the second relay to stand by');

    await runWriters(fixture.dataSource, 4, { events: 100, maxDelayMs: 5 });
    await fixture.collector.waitForCount(400, 30_000);
    // The consumer may see a batch before the leader has its acknowledgements and checkpoint in:
    // its counter is read once the log has no lag left, as after the takeover below.
    await fixture.waitForNoLag(10_000);
    expect(second.status()).toMatchObject({ role: 'standby', published: 0 });
    expect(first.status().published).toBeGreaterThanOrEqual(400);

    await first.stop();
    await until(() => second.status().role === 'leader', 10_000, 'the standby to take over');
    await runWriters(fixture.dataSource, 4, { events: 100, maxDelayMs: 5 });
    await fixture.collector.waitForCount(800, 30_000);
    await fixture.waitForNoLag(10_000);
    expect(second.status().published).toBeGreaterThanOrEqual(400);
    expect(fixture.collector.orderViolations).toEqual([]);
    expect(fixture.collector.duplicates).toBe(0); // a graceful hand-over repeats nothing
  }, SETUP_MS);

  it('the database drops the leader\'s session: the lease is gone, a relay takes it again and publishing goes on', async () => {
    fixture = await createRelayFixture('relay-session-lost');
    const relay = fixture.relay();
    relay.start();
    await until(() => relay.status().role === 'leader', 10_000, 'the relay to lead');
    await runWriters(fixture.dataSource, 4, { events: 50, maxDelayMs: 5 });
    await fixture.collector.waitForCount(200, 30_000);

    const writing = runWriters(fixture.dataSource, 4, { events: 250, maxDelayMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [{ terminated }] = await fixture.dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'outbox-relay:pulsar'`,
    );
    expect(terminated).toBe(1);
    await writing;
    await fixture.collector.waitForCount(1_200, 30_000);
    await fixture.waitForNoLag(10_000);
    expect(relay.status().role).toBe('leader');
    expect(fixture.collector.orderViolations).toEqual([]);
  }, SETUP_MS);

  it('broker unreachable for a while: writers carry on, the relay backs off, then catches up and lag returns to 0', async () => {
    fixture = await createRelayFixture('relay-outage');
    // The relay reaches the broker through a proxy we can cut: an outage as the relay sees it,
    // without wiping a broker other test files and developers share (pulsar.sh start wipes data).
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(fixture.pulsar.adminUrl).port));
    await proxy.start();
    const viaProxy = await createMessageTransport({ transport: 'websocket', serviceUrl: fixture.pulsar.serviceUrl, webServiceUrl: `http://127.0.0.1:${proxy.port}` });
    const proxied = fixture.relay({ transport: viaProxy, retry: { initialMs: 100, maxMs: 2_000 } });
    proxied.start();
    try {
      await runWriters(fixture.dataSource, 5, { events: 60, maxDelayMs: 5 });
      await fixture.collector.waitForCount(300, 30_000);

      await proxy.cut();
      const outageMs = Number(process.env.RELAY_OUTAGE_MS ?? 30_000);
      const started = Date.now();
      let written = 300;
      let lagSeen = false;
      while (Date.now() - started < outageMs) {
        // The API side keeps committing; nothing it does waits for the broker.
        written += (await runWriters(fixture.dataSource, 5, { events: 20, maxDelayMs: 20 })).committed.size;
        if (!lagSeen && Date.now() - started > outageMs / 2) {
          const during = await fixture.lag();
          expect(during.events).toBeGreaterThan(0);
          expect(during.seconds).toBeGreaterThan(0);
          expect(proxied.status().lastError).toBeDefined();
          lagSeen = true;
        }
      }
      expect(lagSeen).toBe(true);
      expect(fixture.collector.events.size).toBe(300);

      await proxy.start();
      await fixture.collector.waitForCount(written, 60_000);
      await fixture.waitForNoLag(10_000);
      expect(proxied.status().lastError).toBeUndefined();
      expect(fixture.collector.events.size).toBe(written);
      expect(fixture.collector.orderViolations).toEqual([]);
    } finally {
      await proxied.stop();
      await viaProxy.close();
      await proxy.cut();
    }
  }, SETUP_MS);
});
