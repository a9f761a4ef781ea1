import { DomainError, type Clock } from '../../../seedwork/domain/index.js';
import { SYSTEM_ACTOR, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import { callbackRetryAt } from '../domain/callback-retry.js';
import type { CallStatusReceiver } from './call-status-receiver.js';
import type { MessageStatusReceiver } from './message-status-receiver.js';
import type { CallbackResult, CallStatusEvent, MessageStatusEvent } from './provider-callbacks.js';

/** A recorded status report waiting to be applied. */
export interface DueCallback {
  readonly id: string;
  /** Tries so far. */
  readonly attempts: number;
  readonly receivedAt: Date;
}

export type QueuedReport = { readonly kind: 'call_status'; readonly event: CallStatusEvent } | { readonly kind: 'message_status'; readonly event: MessageStatusEvent };

/** How a callback ended: applied, ignored, never matched, or refused by the rules it was applied to. */
export type SettledResult = CallbackResult | 'failed';

/** The recorded status reports (`provider_callbacks`), as the processor works through them. */
export interface CallbackQueue {
  /** Reports due now, the longest waiting first; among them, each reference's in the provider's order. */
  due(now: Date, limit: number): Promise<DueCallback[]>;
  /** The report, locked for the current unit of work; null when another processor holds it, or it is settled or not due at `now`. */
  take(id: string, now: Date): Promise<QueuedReport | null>;
  /** Done with it, for good. */
  settle(id: string, result: SettledResult, now: Date, error?: string): Promise<void>;
  /** Counts a try and makes the report due again at `at`. */
  retryAt(id: string, at: Date, error: string | null): Promise<void>;
}

export interface ProviderCallbackProcessorDeps {
  readonly queue: CallbackQueue;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly messages: Pick<MessageStatusReceiver, 'receive'>;
  /** Absent when no calls module is wired: call reports are then settled as unmatched. */
  readonly calls?: CallStatusReceiver;
  readonly onError?: (error: unknown) => void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Applies the status reports providers sent (verified webhooks, the simulated provider), as
 * recorded in `provider_callbacks` once per provider event. Each report is applied in its own
 * transaction with its settlement, so it is applied exactly once, and a report that cannot be
 * applied does not hold up the others:
 * - one that names nothing known yet is tried again with backoff (callback-retry.ts), then
 *   settled `unmatched`;
 * - one the domain refuses (a DomainError: a duration beyond any call) is settled `failed` with
 *   the error, since trying again would change nothing;
 * - any other error (the database) is retried the same way and settled `failed` in the end.
 * Nothing acknowledged to a provider is lost: every report stays in the table with its result.
 */
export class ProviderCallbackProcessor {
  constructor(private readonly deps: ProviderCallbackProcessorDeps) {}

  /** Applies the reports due now, at most `limit`; returns how many it tried. */
  async runOnce(limit = 100): Promise<number> {
    const due = await this.deps.queue.due(this.deps.clock.now(), limit);
    for (const callback of due) await this.#process(callback);
    return due.length;
  }

  /** Runs until stopped, pausing `idleMs` whenever nothing is due. */
  start(idleMs: number): { stop(): Promise<void> } {
    let stopped = false;
    let wake: (() => void) | undefined;
    const loop = (async () => {
      while (!stopped) {
        let tried = 0;
        try {
          tried = await this.runOnce();
        } catch (error) {
          this.deps.onError?.(error);
        }
        if (tried === 0 && !stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, idleMs);
            wake = () => { clearTimeout(timer); resolve(); };
          });
        }
      }
    })();
    return {
      async stop() {
        stopped = true;
        wake?.();
        await loop;
      },
    };
  }

  async #process(callback: DueCallback): Promise<void> {
    const { queue, uow, clock } = this.deps;
    // The callback's row id correlates whatever it changes with the report itself.
    const context: ExecutionContext = { actor: SYSTEM_ACTOR, correlationId: callback.id };
    try {
      await uow.run(context, async () => {
        const report = await queue.take(callback.id, clock.now());
        if (!report) return;
        const result = await this.#apply(report, context);
        const retry = result === 'unmatched' ? callbackRetryAt(callback.attempts + 1, callback.receivedAt, clock.now()) : null;
        if (retry) await queue.retryAt(callback.id, retry, null);
        else await queue.settle(callback.id, result, clock.now());
      });
    } catch (error) {
      this.deps.onError?.(error);
      const refused = error instanceof DomainError && error.kind !== 'concurrency';
      const retry = refused ? null : callbackRetryAt(callback.attempts + 1, callback.receivedAt, clock.now());
      if (retry) await queue.retryAt(callback.id, retry, messageOf(error));
      else await queue.settle(callback.id, 'failed', clock.now(), messageOf(error));
    }
  }

  #apply(report: QueuedReport, context: ExecutionContext): Promise<CallbackResult> {
    if (report.kind === 'message_status') return this.deps.messages.receive(report.event);
    return this.deps.calls ? this.deps.calls.receive(report.event, context) : Promise.resolve('unmatched');
  }
}
