import { ConcurrencyError, ValidationError } from '../../../seedwork/domain/index.js';
import type { ExecutionContext, UnitOfWork } from '../../../seedwork/application/index.js';
import type { CallStatusReceiver } from '../../../src/dispatch/application/call-status-receiver.js';
import {
  ProviderCallbackProcessor, type CallbackQueue, type DueCallback, type QueuedReport, type SettledResult,
} from '../../../src/dispatch/application/provider-callback-processor.js';
import type { CallbackResult, CallStatusEvent, MessageStatusEvent } from '../../../src/dispatch/application/provider-callbacks.js';
import { CALLBACK_GIVE_UP_MS } from '../../../src/dispatch/domain/callback-retry.js';
import { TestClock } from '../../support/test-app.js';

const RECEIVED = new Date('2026-11-23T10:00:00.000Z');

const aMessageReport = (providerMessageId = 'SM1'): QueuedReport => ({
  kind: 'message_status',
  event: {
    provider: 'twilio', eventKey: `${providerMessageId}:delivered`, brandId: 'acme', deliveryId: null, occurredAt: null, raw: {},
    providerMessageId, status: 'delivered', providerStatus: 'delivered', errorCode: null, errorKind: null,
  } satisfies MessageStatusEvent,
});

const aCallReport = (): QueuedReport => ({
  kind: 'call_status',
  event: {
    provider: 'twilio', eventKey: 'CA1:ringing', brandId: 'acme', deliveryId: null, occurredAt: null, raw: {}, providerCallId: 'CA1',
    status: 'ringing', providerStatus: 'ringing', sequenceNumber: 1, durationSeconds: null, recordingUrl: null, errorCode: null,
  } satisfies CallStatusEvent,
});

/** `provider_callbacks` in memory: what the processor settled, retried, and could not take. */
class MemoryQueue implements CallbackQueue {
  readonly reports = new Map<string, { report: QueuedReport; attempts: number; retryAt: Date | null }>();
  readonly settled = new Map<string, { result: SettledResult; error: string | undefined }>();
  readonly retries: Array<{ id: string; at: Date; error: string | null }> = [];
  readonly held = new Set<string>();

  add(id: string, report: QueuedReport, attempts = 0): void {
    this.reports.set(id, { report, attempts, retryAt: null });
  }

  async due(now: Date): Promise<DueCallback[]> {
    return [...this.reports.entries()]
      .filter(([id, r]) => !this.settled.has(id) && (r.retryAt === null || r.retryAt <= now))
      .map(([id, r]) => ({ id, attempts: r.attempts, receivedAt: RECEIVED }));
  }

  async take(id: string): Promise<QueuedReport | null> {
    return this.held.has(id) || this.settled.has(id) ? null : this.reports.get(id)!.report;
  }

  async settle(id: string, result: SettledResult, _now: Date, error?: string): Promise<void> {
    this.settled.set(id, { result, error });
  }

  async retryAt(id: string, at: Date, error: string | null): Promise<void> {
    const report = this.reports.get(id)!;
    report.attempts++;
    report.retryAt = at;
    this.retries.push({ id, at, error });
  }
}

describe('ProviderCallbackProcessor', () => {
  let queue: MemoryQueue;
  let clock: TestClock;
  let contexts: ExecutionContext[];
  const uow: UnitOfWork = {
    run: (context, work) => { contexts.push(context); return work(); },
    runOptimistic: (context, work) => { contexts.push(context); return work(true); },
  };
  const errors: unknown[] = [];

  beforeEach(() => {
    queue = new MemoryQueue();
    clock = new TestClock(RECEIVED);
    contexts = [];
    errors.length = 0;
  });

  const processor = (messages: () => Promise<CallbackResult>, calls?: CallStatusReceiver['receive']) => new ProviderCallbackProcessor({
    queue, uow, clock, messages: { receive: messages }, ...(calls && { calls: { receive: calls } }), onError: (error) => errors.push(error),
  });

  it.each(['applied', 'ignored'] as const)('settles a report the receiver found %s, in a unit of work correlated by the callback', async (result) => {
    queue.add('cb-1', aMessageReport());
    expect(await processor(async () => result).runOnce()).toBe(1);
    expect(queue.settled.get('cb-1')).toEqual({ result, error: undefined });
    expect(contexts).toEqual([{ actor: expect.objectContaining({ role: 'system' }), correlationId: 'cb-1' }]);
  });

  it('hands call reports to the calls receiver with that context', async () => {
    queue.add('cb-call', aCallReport());
    const received: Array<[CallStatusEvent, ExecutionContext]> = [];
    await processor(async () => 'ignored', async (event, context) => { received.push([event, context]); return 'applied'; }).runOnce();
    expect(received).toEqual([[aCallReport().event, expect.objectContaining({ correlationId: 'cb-call' })]]);
    expect(queue.settled.get('cb-call')?.result).toBe('applied');
  });

  it('tries an unmatched report again with backoff, then settles it unmatched', async () => {
    queue.add('cb-early', aMessageReport());
    const run = processor(async () => 'unmatched');
    await run.runOnce();
    expect(queue.retries).toEqual([{ id: 'cb-early', at: new Date(RECEIVED.getTime() + 1_000), error: null }]);
    expect(await run.runOnce()).toBe(0);
    clock.set(new Date(RECEIVED.getTime() + CALLBACK_GIVE_UP_MS));
    await run.runOnce();
    expect(queue.settled.get('cb-early')?.result).toBe('unmatched');
  });

  it('settles call reports unmatched in the end when no calls module is wired', async () => {
    queue.add('cb-call', aCallReport(), 3);
    clock.set(new Date(RECEIVED.getTime() + CALLBACK_GIVE_UP_MS));
    await processor(async () => 'applied').runOnce();
    expect(queue.settled.get('cb-call')?.result).toBe('unmatched');
  });

  it('leaves a report another processor holds', async () => {
    queue.add('cb-held', aMessageReport());
    queue.held.add('cb-held');
    let received = 0;
    await processor(async () => { received++; return 'applied'; }).runOnce();
    expect(received).toBe(0);
    expect(queue.settled.size + queue.retries.length).toBe(0);
  });

  it('settles a report the domain refuses as failed at once, with the reason', async () => {
    queue.add('cb-bad', aMessageReport());
    await processor(async () => { throw ValidationError.single('durationSeconds', 'must be a whole number of seconds from 0 to 86400'); }).runOnce();
    expect(queue.settled.get('cb-bad')).toEqual({ result: 'failed', error: 'durationSeconds: must be a whole number of seconds from 0 to 86400' });
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['an unexpected error', new Error('connection terminated')],
    ['concurrent writers that kept winning', new ConcurrencyError('VoiceCall', 'x')],
  ])('tries a report again after %s, and gives up on it as failed in the end', async (_name, error) => {
    queue.add('cb-flaky', aMessageReport());
    queue.add('cb-fine', aMessageReport('SM2'));
    const run = processor(async () => { if (contexts.at(-1)!.correlationId === 'cb-flaky') throw error; return 'applied'; });
    await run.runOnce();
    expect(queue.retries).toEqual([{ id: 'cb-flaky', at: new Date(RECEIVED.getTime() + 1_000), error: error.message }]);
    expect(queue.settled.get('cb-fine')?.result).toBe('applied');
    clock.set(new Date(RECEIVED.getTime() + CALLBACK_GIVE_UP_MS));
    await run.runOnce();
    expect(queue.settled.get('cb-flaky')).toEqual({ result: 'failed', error: error.message });
  });
});
