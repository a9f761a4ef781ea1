#!/usr/bin/env node
// Smoke test for a running Pulsar broker's WebSocket API and namespace policies.
//
//   node scripts/pulsar/smoke-websocket.mjs
//
// 1. admin API: the namespace has infinite retention and deduplication on
// 2. producer: 100 messages with key, properties, base64 payload and context;
//    every one must be answered {"result":"ok"} with our context
// 3. consumer (Key_Shared, Earliest) and reader (messageId=earliest): all 100
//    arrive in publish order with key/properties/payload intact; each is acked
// 4. admin API: the subscription backlog drops to 0 (the acks took effect)
//
// Env: PULSAR_ADMIN_URL (default http://127.0.0.1:8080), PULSAR_TENANT
// (public), PULSAR_NAMESPACE (campaign-management). Exit 0 when all good.
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';

const ADMIN = (process.env.PULSAR_ADMIN_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const WS = ADMIN.replace(/^http/, 'ws');
const TENANT = process.env.PULSAR_TENANT ?? 'public';
const NAMESPACE = process.env.PULSAR_NAMESPACE ?? 'campaign-management';
const COUNT = 100;
const TIMEOUT_MS = 30_000;

const topic = `smoke-${randomBytes(4).toString('hex')}`;
const topicPath = `persistent/${TENANT}/${NAMESPACE}/${topic}`;
const subscription = 'smoke-sub';
const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s) => Buffer.from(s, 'base64').toString('utf8');

// What message i must look like on the consumer side.
const expected = (i) => ({
  key: `campaign-${i % 7}`, // several keys, so Key_Shared has something to hash
  properties: { eventId: `evt-${topic}-${i}`, seq: String(i), type: 'SmokeTested' },
  payload: JSON.stringify({ seq: i, text: `hello ${i} ✓` }),
});

async function getJson(path) {
  const res = await fetch(`${ADMIN}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${url}: HTTP ${res.statusCode}`)));
  });
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS); }),
  ]).finally(() => clearTimeout(timer));
}

async function checkPolicies() {
  const ns = `${TENANT}/${NAMESPACE}`;
  const retention = await getJson(`/admin/v2/namespaces/${ns}/retention`);
  if (retention?.retentionTimeInMinutes !== -1 || retention?.retentionSizeInMB !== -1) {
    fail(`retention of ${ns} is ${JSON.stringify(retention)}, expected -1/-1`);
  }
  const dedup = await getJson(`/admin/v2/namespaces/${ns}/deduplication`);
  if (dedup !== true) fail(`deduplication of ${ns} is ${JSON.stringify(dedup)}, expected true`);
  console.log(`policies ${ns}: retention=${JSON.stringify(retention)} deduplication=${dedup}`);
}

async function produce() {
  const ws = await open(`${WS}/ws/v2/producer/${topicPath}?producerName=smoke-${topic}&sendTimeoutMillis=10000`);
  const pending = new Map(); // context -> index
  const done = new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const reply = JSON.parse(data.toString());
      if (!pending.has(reply.context)) return fail(`producer: reply for unknown context ${data}`);
      pending.delete(reply.context);
      if (reply.result !== 'ok') fail(`producer: ${data}`);
      else if (typeof reply.messageId !== 'string' || !reply.messageId) fail(`producer: no messageId in ${data}`);
      if (pending.size === 0) resolve();
    });
    ws.on('close', (code, reason) => pending.size && reject(new Error(`producer socket closed ${code} ${reason}`)));
  });
  for (let i = 0; i < COUNT; i++) {
    const e = expected(i);
    const context = `ctx-${i}`;
    pending.set(context, i);
    ws.send(JSON.stringify({ payload: b64(e.payload), properties: e.properties, key: e.key, context }));
  }
  await withTimeout(done, 'producer replies');
  ws.close();
  console.log(`producer: ${COUNT} messages acknowledged by the broker`);
}

// Receives COUNT messages on an already built URL, checks them, acks each one.
async function receiveAll(label, url) {
  const ws = await open(url);
  const seen = [];
  const others = [];
  const done = new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (!('payload' in msg)) { others.push(msg); return; } // e.g. replies to commands
      const i = seen.length;
      seen.push(msg);
      const e = expected(i);
      const payload = unb64(msg.payload);
      if (payload !== e.payload) fail(`${label}: message #${i} payload ${payload} != ${e.payload}`);
      if (msg.key !== e.key) fail(`${label}: message #${i} key ${msg.key} != ${e.key}`);
      for (const [k, v] of Object.entries(e.properties)) {
        if (msg.properties?.[k] !== v) fail(`${label}: message #${i} property ${k}=${msg.properties?.[k]} != ${v}`);
      }
      if (typeof msg.messageId !== 'string') fail(`${label}: message #${i} has no messageId`);
      ws.send(JSON.stringify({ messageId: msg.messageId }));
      if (seen.length === COUNT) resolve();
    });
    ws.on('close', (code, reason) => seen.length < COUNT && reject(new Error(`${label} socket closed ${code} ${reason} after ${seen.length}`)));
  });
  await withTimeout(done, `${label} receiving ${COUNT}`);
  // Give late frames (ack replies, if the server sent any) a moment before closing.
  await new Promise((r) => setTimeout(r, 300));
  ws.close();
  console.log(`${label}: received ${seen.length} in order and acked; first message as delivered:`);
  console.log(`  ${JSON.stringify(seen[0])}`);
  if (others.length) console.log(`  other frames: ${JSON.stringify(others.slice(0, 3))}${others.length > 3 ? ` (+${others.length - 3})` : ''}`);
}

async function checkBacklog() {
  // Acks are fire-and-forget on the socket: poll until the broker shows them.
  const deadline = Date.now() + 10_000;
  let backlog;
  while (Date.now() < deadline) {
    const stats = await getJson(`/admin/v2/${topicPath}/stats`);
    backlog = stats.subscriptions?.[subscription]?.msgBacklog;
    if (backlog === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (backlog !== 0) fail(`subscription ${subscription} backlog is ${backlog} after acking everything, expected 0`);
  else console.log(`subscription ${subscription}: backlog 0 after acks`);
}

try {
  console.log(`topic ${topicPath} via ${WS}`);
  await checkPolicies();
  await produce();
  await receiveAll('consumer', `${WS}/ws/v2/consumer/${topicPath}/${subscription}?subscriptionType=Key_Shared&subscriptionInitialPosition=Earliest`);
  await receiveAll('reader', `${WS}/ws/v2/reader/${topicPath}?messageId=earliest`);
  await checkBacklog();
} catch (err) {
  fail(err?.stack ?? String(err));
}

if (failures.length) {
  console.error(`\nsmoke test FAILED (${failures.length} problem(s))`);
  process.exit(1);
}
console.log('\nsmoke test OK');
process.exit(0);
