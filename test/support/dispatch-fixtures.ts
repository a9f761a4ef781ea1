// Dispatch test doubles: a provider ledger in PostgreSQL (the provider's side, shared by every
// worker process, so exactly-once is checked across crashes) and senders seeded with SQL.
import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { newId } from '../../seedwork/domain/index.js';
import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../src/dispatch/application/channel-gateway.js';
import type { ProviderErrorKind } from '../../src/dispatch/domain/provider-error.js';

/** A zero-latency provider honouring idempotency keys, recording each key's requests in `simulated_sends`. */
export class LedgerGateway implements ChannelGateway {
  /** Contacts (by `to`) the provider fails, with the error kind, every time. */
  readonly failures = new Map<string, ProviderErrorKind>();
  readonly requests: { key: string; at: number }[] = [];

  constructor(private readonly pool: Pick<Pool, 'query'>) {}

  async send(request: ChannelSendRequest): Promise<SendResult> {
    this.requests.push({ key: request.idempotencyKey, at: Date.now() });
    const failure = this.failures.get(request.to);
    if (failure) throw new ProviderError(failure, `simulated ${failure}`);
    await this.pool.query(
      `INSERT INTO simulated_sends (idempotency_key, brand_id, sends, first_sent_at, last_sent_at) VALUES ($1, $2, 1, now(), now())
       ON CONFLICT (idempotency_key) DO UPDATE SET sends = simulated_sends.sends + 1, last_sent_at = now()`,
      [request.idempotencyKey, request.brandId],
    );
    return { providerRef: `sim-${request.idempotencyKey}`, status: 'delivered' };
  }
}

/** Inserts an active simulated sender of a brand on a channel; returns its id. */
export async function seedSender(dataSource: DataSource, brandId: string, channel: string, ratePerSecond = 1000, dailyCap: number | null = null): Promise<string> {
  const id = newId();
  await dataSource.query(
    `INSERT INTO senders (id, brand_id, channel, provider, address, rate_per_second, daily_cap, status, version, created_at, updated_at)
     VALUES ($1, $2, $3, 'simulated', $4, $5, $6, 'active', 1, now(), now())`,
    [id, brandId, channel, `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, ratePerSecond, dailyCap],
  );
  return id;
}

/** One request a ClockGateway received, at the test clock's time. */
export interface ClockedSend {
  readonly to: string;
  readonly senderAddress: string;
  readonly idempotencyKey: string;
  readonly at: Date;
}

/** A zero-latency provider recording every request at the (test) clock's time; fails the contacts in `failures`. */
export class ClockGateway implements ChannelGateway {
  readonly sends: ClockedSend[] = [];
  readonly failures = new Map<string, ProviderErrorKind>();

  constructor(private readonly clock: { now(): Date }) {}

  async send(request: ChannelSendRequest): Promise<SendResult> {
    this.sends.push({ to: request.to, senderAddress: request.sender.address, idempotencyKey: request.idempotencyKey, at: this.clock.now() });
    const failure = this.failures.get(request.to);
    if (failure) throw new ProviderError(failure, `simulated ${failure}`);
    return { providerRef: `clock-${request.idempotencyKey}`, status: 'delivered' };
  }
}

/**
 * Runs the workers side by side, batch after batch, until none claims anything: everything due
 * at the clock's present time is handled. Returns how many deliveries they claimed in all.
 */
export async function drain(workers: readonly { runOnce(): Promise<number> }[]): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await Promise.all(workers.map((w) => w.runOnce()));
    const sum = claimed.reduce((a, b) => a + b, 0);
    if (sum === 0) return total;
    total += sum;
  }
}

/** Moves the clock in steps of `stepMs` up to `until` (inclusive), draining the workers at each instant. */
export async function runClock(clock: { now(): Date; advance(ms: number): void }, until: Date, stepMs: number, workers: readonly { runOnce(): Promise<number> }[]): Promise<number> {
  let claimed = await drain(workers);
  while (clock.now().getTime() + stepMs <= until.getTime()) {
    clock.advance(stepMs);
    claimed += await drain(workers);
  }
  return claimed;
}
