import { createDispatchWorker } from '../../../src/dispatch/delivery-queue.module.js';
import { createProviderCallbackProcessor } from '../../../src/dispatch/index.js';
import { createCampaignIn } from '../../support/campaign-requests.js';
import type { FakeTwilio } from '../../support/fake-twilio.js';
import { startAppOnFakeTwilio, type TwilioApp } from '../../support/twilio-app.js';
import {
  aMessageStatus, statusCallbackOf, twilioCallback,
} from '../../support/provider-webhooks.js';
import type { client, TestApp } from '../../support/test-app.js';

// SMS sent through Twilio (a local fake of its REST API), then reported on by Twilio's signed
// message status callbacks as the worker applies them.

const A = 'ms-alpha';
const B = 'ms-beta';

describe('message status callbacks', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let api: ReturnType<typeof client>;
  let twilio: ReturnType<typeof client>;
  let app: TwilioApp;

  beforeAll(async () => {
    app = await startAppOnFakeTwilio(A, 'sms');
    ({ t, fake, api, twilio } = app);
  });
  afterAll(() => app.close());

  /** An SMS Twilio accepted; `report` posts one of its status callbacks, signed, to the URL the service gave Twilio (or `path`). */
  const aSentMessage = async () => {
    const campaign = await createCampaignIn(t, api, 'active', { brandId: A, channel: 'sms', scriptTemplate: 'Hola {{firstName}}' });
    await createDispatchWorker(t.app.container, { settings: { concurrency: 1, batchSize: 100, leaseMs: 30_000, idleMs: 5 } }).runOnce();
    const [delivery] = (await api('GET', `/api/v1/campaigns/${campaign.id}/deliveries`)).body.items;
    const [lead] = await t.dataSource.query(`SELECT phone FROM leads WHERE id = $1`, [delivery.leadId]);
    const ownPath = statusCallbackOf(fake, lead.phone);
    const report = (MessageStatus: string, extra: Record<string, string> = {}, path = ownPath) => {
      const signed = twilioCallback(path, aMessageStatus({ MessageSid: delivery.providerRef, SmsSid: delivery.providerRef, MessageStatus, SmsStatus: MessageStatus, ...extra }));
      return twilio('POST', path, signed.body, signed.headers);
    };
    return { campaign, delivery, path: ownPath, report };
  };
  const applyCallbacks = () => createProviderCallbackProcessor(t.app.container).runOnce();
  const deliveryOf = async (campaignId: string) => (await api('GET', `/api/v1/campaigns/${campaignId}/deliveries`)).body.items[0];
  const outcomeEvents = async (deliveryId: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_version, payload FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [deliveryId]));

  it('moves the outcome forward, one DeliveryOutcomeReported per move, as the Delivery\'s next versions', async () => {
    const { campaign, delivery, report } = await aSentMessage();
    expect(delivery).toEqual(expect.objectContaining({ status: 'succeeded', outcome: 'accepted', providerRef: expect.stringMatching(/^SM/) }));
    await report('sent');
    await applyCallbacks();
    expect((await deliveryOf(campaign.id)).outcome).toBe('sent');
    await report('delivered');
    await report('read');
    await applyCallbacks();
    expect(await deliveryOf(campaign.id)).toEqual({ ...delivery, outcome: 'read' });
    expect((await outcomeEvents(delivery.id)).map((e: { event_type: string; aggregate_version: number; payload: any }) => [e.event_type, e.aggregate_version, e.payload.previousOutcome, e.payload.outcome])).toEqual([
      ['DeliverySucceeded', 1, undefined, 'accepted'],
      ['DeliveryOutcomeReported', 2, 'accepted', 'sent'],
      ['DeliveryOutcomeReported', 3, 'sent', 'delivered'],
      ['DeliveryOutcomeReported', 4, 'delivered', 'read'],
    ]);
  });

  it('never moves it back: a late `sent` or a failure after `delivered` changes nothing', async () => {
    const { campaign, delivery, report } = await aSentMessage();
    await report('delivered');
    await applyCallbacks();
    await report('sent');
    await report('undelivered', { ErrorCode: '30003' });
    await applyCallbacks();
    expect((await deliveryOf(campaign.id))).toEqual(expect.objectContaining({ outcome: 'delivered', error: null }));
    expect(await outcomeEvents(delivery.id)).toHaveLength(2);
  });

  it('marks a late failure on the outcome and error, keeping the status and the campaign\'s counters', async () => {
    const { campaign, delivery, report } = await aSentMessage();
    const before = (await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.metrics;
    expect(before).toEqual(expect.objectContaining({ successful: 1, failed: 0, pending: 0 }));
    await report('sent');
    await report('undelivered', { ErrorCode: '30005' });
    await applyCallbacks();
    expect(await deliveryOf(campaign.id)).toEqual({ ...delivery, outcome: 'undelivered', error: 'invalid_number' });
    expect((await api('GET', `/api/v1/campaigns/${campaign.id}`)).body.metrics).toEqual(before);
    expect((await outcomeEvents(delivery.id)).at(-1).payload).toEqual({
      campaignId: campaign.id, leadId: delivery.leadId, attempt: 1, outcome: 'undelivered', previousOutcome: 'sent', error: 'invalid_number',
      providerRef: delivery.providerRef, providerStatus: 'undelivered',
    });
  });

  it('does not touch a delivery from a callback made for another brand', async () => {
    const { campaign, path, report } = await aSentMessage();
    await report('delivered', {}, path.replace(`brandId=${A}`, `brandId=${B}`));
    await applyCallbacks();
    expect((await deliveryOf(campaign.id)).outcome).toBe('accepted');
  });
});
