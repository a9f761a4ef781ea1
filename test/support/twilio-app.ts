import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { configureProviderWebhooks, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './provider-webhooks.js';
import { client, startTestApp, type TestApp } from './test-app.js';

type Api = ReturnType<typeof client>;

export interface TwilioApp {
  readonly t: TestApp;
  /** The local fake of Twilio's REST API the service sends through. */
  readonly fake: FakeTwilio;
  /** A brand manager of the sender's brand. */
  readonly api: Api;
  /** Twilio's side: no token, as its callbacks arrive. */
  readonly twilio: Api;
  close(): Promise<void>;
}

/**
 * The whole app sending through a local fake of Twilio's REST API, with signed webhooks
 * configured and one Twilio sender of `brandId` on `channel`, created through the API.
 */
export async function startAppOnFakeTwilio(brandId: string, channel: 'call' | 'sms'): Promise<TwilioApp> {
  const fake = await startFakeTwilio({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN });
  configureProviderWebhooks();
  process.env.TWILIO_API_BASE_URL = fake.baseUrl;
  const t = await startTestApp();
  const api = client(t.baseUrl, await t.token('brand_manager', [brandId]));
  const sender = await api('POST', '/api/v1/senders', { brandId, channel, provider: 'twilio', address: '+15005550006', ratePerSecond: 10 });
  if (sender.status !== 201) throw new Error(`creating the Twilio sender answered ${sender.status}: ${JSON.stringify(sender.body)}`);
  return {
    t, fake, api, twilio: client(t.baseUrl),
    async close() {
      await t.close();
      await fake.close();
    },
  };
}
