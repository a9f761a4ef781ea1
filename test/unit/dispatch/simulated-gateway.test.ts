import { ProviderError } from '../../../src/dispatch/application/channel-gateway.js';
import type { CallStatusEvent, MessageStatusEvent, ProviderCallbackSink } from '../../../src/dispatch/application/provider-callbacks.js';
import { SimulatedGateway, type SimulatedGatewayOptions } from '../../../src/dispatch/infrastructure/gateways/simulated-gateway.js';
import { InMemorySimulatedSendLog } from '../../../src/dispatch/infrastructure/gateways/simulated-send-log.js';
import { aSendRequest } from './channel-request.mother.js';

/** A sink that keeps what it is given, and can be told to refuse the next deliveries. */
class RecordingSink implements ProviderCallbackSink {
  readonly calls: CallStatusEvent[] = [];
  readonly messages: MessageStatusEvent[] = [];
  refusals = 0;

  async callStatus(event: CallStatusEvent): Promise<void> {
    this.#maybeRefuse();
    this.calls.push(event);
  }

  async messageStatus(event: MessageStatusEvent): Promise<void> {
    this.#maybeRefuse();
    this.messages.push(event);
  }

  async inboundMessage(): Promise<void> {
    throw new Error('the simulated provider sends no inbound messages');
  }

  #maybeRefuse(): void {
    if (this.refusals > 0) {
      this.refusals--;
      throw new Error('sink unavailable');
    }
  }
}

const noWait = async () => undefined;

/** What a send ended as: the result, or the error kind. */
async function outcomeOf(gateway: SimulatedGateway, key: string, channel: 'call' | 'sms' = 'call'): Promise<string> {
  try {
    return (await gateway.send(aSendRequest({ idempotencyKey: key, channel }))).status;
  } catch (error) {
    if (error instanceof ProviderError) return error.kind;
    throw error;
  }
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => `v1.key.${i}.1`);

describe('SimulatedGateway', () => {
  const gateway = (options: Partial<SimulatedGatewayOptions> = {}) => new SimulatedGateway({ seed: 7, sleep: noWait, ...options });

  it('reaches every contact with the default rates', async () => {
    const g = gateway();
    expect(await g.send(aSendRequest())).toEqual({ providerRef: expect.stringMatching(/^sim-msg-[0-9a-f]{24}$/), status: 'delivered' });
    expect((await g.send(aSendRequest({ channel: 'call' }))).providerRef).toMatch(/^sim-call-/);
  });

  it('gives the same outcome and providerRef for the same seed and key, whatever the order of sends', async () => {
    const rates = { busy: 0.2, noAnswer: 0.2, failure: 0.1, invalidNumber: 0.1 };
    const forward = gateway({ rates });
    const backward = gateway({ rates });
    const list = keys(200);
    const a = await Promise.all(list.map((k) => outcomeOf(forward, k)));
    const b = (await Promise.all([...list].reverse().map((k) => outcomeOf(backward, k)))).reverse();
    expect(a).toEqual(b);
    const refs = await Promise.all(list.slice(0, 5).map(async (k) => (await forward.send(aSendRequest({ idempotencyKey: k, channel: 'sms' })).catch(() => null))?.providerRef));
    const again = await Promise.all(list.slice(0, 5).map(async (k) => (await backward.send(aSendRequest({ idempotencyKey: k, channel: 'sms' })).catch(() => null))?.providerRef));
    expect(refs).toEqual(again);
  });

  it('draws other outcomes under another seed', async () => {
    const rates = { busy: 0.3, noAnswer: 0.3 };
    const a = await Promise.all(keys(100).map((k) => outcomeOf(gateway({ seed: 1, rates }), k)));
    const b = await Promise.all(keys(100).map((k) => outcomeOf(gateway({ seed: 2, rates }), k)));
    expect(a).not.toEqual(b);
  });

  it('follows the configured rates', async () => {
    const g = gateway({ rates: { busy: 0.2, noAnswer: 0.3, failure: 0.1, invalidNumber: 0.05 } });
    const outcomes = await Promise.all(keys(4000).map((k) => outcomeOf(g, k)));
    const share = (name: string) => outcomes.filter((o) => o === name).length / outcomes.length;
    expect(share('busy')).toBeCloseTo(0.2, 1);
    expect(share('no_answer')).toBeCloseTo(0.3, 1);
    expect(share('unavailable')).toBeCloseTo(0.1, 1);
    expect(share('invalid_number')).toBeCloseTo(0.05, 1);
    expect(share('delivered')).toBeCloseTo(0.35, 1);
  });

  it('applies busy and no-answer to calls only: a message is either reached or failed', async () => {
    const g = gateway({ rates: { busy: 0.5, noAnswer: 0.5 } });
    const outcomes = await Promise.all(keys(50).map((k) => outcomeOf(g, k, 'sms')));
    expect(new Set(outcomes)).toEqual(new Set(['delivered']));
  });

  it('throws ProviderErrors whose retryability follows the kind', async () => {
    const busy = await gateway({ rates: { busy: 1 } }).send(aSendRequest({ channel: 'call' })).catch((e: unknown) => e);
    expect(busy).toEqual(expect.objectContaining({ kind: 'busy', retryable: true }));
    const invalid = await gateway({ rates: { invalidNumber: 1 } }).send(aSendRequest()).catch((e: unknown) => e);
    expect(invalid).toEqual(expect.objectContaining({ kind: 'invalid_number', retryable: false, providerCode: '21211' }));
  });

  it('refuses rates that are not shares adding up to at most 1', () => {
    expect(() => gateway({ rates: { busy: 0.6, noAnswer: 0.6 } })).toThrow(RangeError);
    expect(() => gateway({ rates: { failure: -0.1 } })).toThrow(RangeError);
  });

  it('waits the latency drawn for each key before answering', async () => {
    const waits: number[] = [];
    const g = gateway({ latencyMs: { min: 50, max: 150 }, sleep: async (ms) => void waits.push(ms) });
    for (const key of keys(30)) await g.send(aSendRequest({ idempotencyKey: key }));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...waits)).toBeLessThanOrEqual(150);
    expect(new Set(waits).size).toBeGreaterThan(5);
    const fixed: number[] = [];
    await gateway({ latencyMs: 20, sleep: async (ms) => void fixed.push(ms) }).send(aSendRequest());
    expect(fixed).toEqual([20]);
  });

  describe('idempotency keys', () => {
    it('counts every send per key, and answers a repeated key as the first time', async () => {
      const log = new InMemorySimulatedSendLog();
      const g = gateway({ sendLog: log, rates: { noAnswer: 0.5 } });
      const [first, second] = keys(2);
      const once = await outcomeOf(g, first!);
      expect(await outcomeOf(g, first!)).toBe(once);
      expect(await outcomeOf(g, first!)).toBe(once);
      await outcomeOf(g, second!);
      expect(log.sendsOf(first!)).toBe(3);
      expect(log.sendsOf(second!)).toBe(1);
      expect(log.keys()).toEqual([first, second]);
      expect(log.outcomeOf(first!)).toBe(once === 'delivered' ? 'reached' : once);
    });

    it('records a refused number too: the provider saw the request', async () => {
      const log = new InMemorySimulatedSendLog();
      await outcomeOf(gateway({ sendLog: log, rates: { invalidNumber: 1 } }), 'v1.refused.1');
      expect(log.sendsOf('v1.refused.1')).toBe(1);
    });
  });

  describe('status callbacks', () => {
    it('reports a reached call as initiated, ringing, answered, completed, in order, with its duration', async () => {
      const sink = new RecordingSink();
      const g = gateway({ callbacks: { sink } });
      const request = aSendRequest({ channel: 'call' });
      const { providerRef } = await g.send(request);
      await g.drain();
      expect(sink.calls.map((e) => e.status)).toEqual(['initiated', 'ringing', 'answered', 'completed']);
      expect(sink.calls.map((e) => e.sequenceNumber)).toEqual([0, 1, 2, 3]);
      expect(sink.calls[3]).toEqual(expect.objectContaining({
        provider: 'simulated', providerCallId: providerRef, eventKey: `${providerRef}:completed`, brandId: 'acme', deliveryId: request.deliveryId,
        durationSeconds: expect.any(Number),
      }));
      expect(sink.calls[3]!.durationSeconds).toBeGreaterThan(0);
    });

    it.each([
      [{ busy: 1 }, ['initiated', 'busy']],
      [{ noAnswer: 1 }, ['initiated', 'ringing', 'no_answer']],
      [{ failure: 1 }, ['initiated', 'failed']],
      [{ invalidNumber: 1 }, []],
    ])('reports a call with rates %j as %j', async (rates, statuses) => {
      const sink = new RecordingSink();
      const g = gateway({ rates, callbacks: { sink } });
      await g.send(aSendRequest({ channel: 'call' })).catch(() => undefined);
      await g.drain();
      expect(sink.calls.map((e) => e.status)).toEqual(statuses);
    });

    it('reports messages as sent then delivered, or failed with what the failure means', async () => {
      const sink = new RecordingSink();
      await gateway({ callbacks: { sink } }).send(aSendRequest({ channel: 'whatsapp' }));
      const failing = gateway({ rates: { failure: 1 }, callbacks: { sink } });
      await failing.send(aSendRequest({ channel: 'sms' })).catch(() => undefined);
      await failing.drain();
      expect(sink.messages.map((e) => [e.status, e.errorKind])).toEqual([['sent', null], ['delivered', null], ['failed', 'unavailable']]);
    });

    it('sends none for Telegram and email, whose real providers have none', async () => {
      const sink = new RecordingSink();
      const g = gateway({ callbacks: { sink } });
      await g.send(aSendRequest({ channel: 'telegram', to: '4242' }));
      await g.send(aSendRequest({ channel: 'email', to: 'ana@example.com' }));
      await g.drain();
      expect([...sink.calls, ...sink.messages]).toEqual([]);
    });

    it('reports the first send of a key only: a provider that honours the key does nothing again', async () => {
      const sink = new RecordingSink();
      const g = gateway({ callbacks: { sink } });
      const request = aSendRequest({ channel: 'call' });
      await g.send(request);
      await g.send(request);
      await g.drain();
      expect(sink.calls).toHaveLength(4);
    });

    it('waits the callback delay before each report', async () => {
      const waits: number[] = [];
      const g = gateway({ callbacks: { sink: new RecordingSink(), delayMs: 250 }, sleep: async (ms) => void waits.push(ms) });
      await g.send(aSendRequest({ channel: 'sms' }));
      await g.drain();
      expect(waits).toEqual([0, 250, 250]);
    });

    it('retries a refused report like a provider\'s webhook retries, then gives up and counts it', async () => {
      const sink = new RecordingSink();
      const g = gateway({ callbacks: { sink } });
      sink.refusals = 2;
      await g.send(aSendRequest({ channel: 'sms' }));
      await g.drain();
      expect(sink.messages.map((e) => e.status)).toEqual(['sent', 'delivered']);
      expect(g.droppedCallbacks).toBe(0);
      sink.refusals = 100;
      await g.send(aSendRequest({ channel: 'sms' }));
      await g.drain();
      expect(g.droppedCallbacks).toBe(2);
    });
  });
});
