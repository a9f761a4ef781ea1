// Voice calls for the e2e tests: placed the way production places them (a call campaign, the
// dispatch worker, a provider that accepts), then moved by status reports the way a provider's
// callbacks would.
import type { Pool } from 'pg';
import { SYSTEM_ACTOR } from '../../seedwork/application/index.js';
import { ReportCallStatus } from '../../src/calls/application/report-call-status.js';
import type { CallStatus } from '../../src/calls/domain/voice-call-state.js';
import { createDispatchWorker } from '../../src/dispatch/delivery-queue.module.js';
import { createCampaignIn } from './campaign-requests.js';
import { LedgerGateway, seedSender } from './dispatch-fixtures.js';
import type { ApiResponse, TestApp } from './test-app.js';

type Request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

/** An active call campaign of `brandId` whose `count` members were called; returns it and its calls (as the API lists them). */
export async function placeCalls(t: TestApp, api: Request, brandId: string, count = 1): Promise<{ campaign: any; calls: any[] }> {
  await seedSender(t.dataSource, brandId, 'call');
  const campaign = await createCampaignIn(t, api, 'active', { brandId, channel: 'call' }, { audience: count });
  const pool = (t.dataSource.driver as unknown as { master: Pool }).master;
  await createDispatchWorker(t.app.container, { settings: { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 }, gateway: new LedgerGateway(pool) }).runOnce();
  const listed = await api('GET', `/api/v1/campaigns/${campaign.id}/calls`);
  if (listed.status !== 200 || listed.body.items.length !== count) throw new Error(`expected ${count} calls, got ${JSON.stringify(listed.body)}`);
  return { campaign, calls: listed.body.items };
}

/** Moves a call through the provider statuses given, as its status callbacks would. */
export async function reportCall(t: TestApp, providerCallId: string, ...statuses: CallStatus[]): Promise<void> {
  for (const status of statuses) {
    await t.app.commands.execute(new ReportCallStatus({ actor: SYSTEM_ACTOR, correlationId: `report-${providerCallId}` }, {
      providerCallId, brandId: null, deliveryId: null, status, durationSeconds: status === 'completed' ? 95 : null, reason: null, recording: null,
    }));
  }
}
