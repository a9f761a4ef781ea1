import { Writable } from 'node:stream';
import { pino } from 'pino';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';

describe('request logs', () => {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  let t: TestApp;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestApp({ logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('are JSON lines with the correlation id and never contain the token or the body', async () => {
    const token = await t.token('brand_manager', ['log-brand']);
    const api = client(t.baseUrl, token);
    const secretName = 'Secret campaign name 7f3a';
    const res = await api('POST', '/api/v1/campaigns', { brandId: 'log-brand', name: secretName, type: 'b2b', objective: 'sales', channel: 'sms' }, { 'x-correlation-id': 'corr-log-test' });
    expect(res.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = lines.find((l) => l.correlationId === 'corr-log-test');
    expect(line).toMatchObject({ req: { method: 'POST', url: '/api/v1/campaigns' }, res: { statusCode: 201 } });
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(token.split('.')[2]!);
    expect(raw).not.toContain(secretName);
    expect(raw.toLowerCase()).not.toContain('authorization');
  });
});
