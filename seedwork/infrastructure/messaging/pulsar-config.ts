import { parseTransportChoice, type TransportConfig } from './transport-factory.js';

export interface PulsarConfig extends TransportConfig {
  readonly tenant: string;
  readonly namespace: string;
}

/**
 * Pulsar settings from the environment, or undefined without `PULSAR_URL`: then nothing is
 * published and events simply wait in the log until a relay with a broker runs.
 *
 * - `PULSAR_URL` binary protocol URL (`pulsar://127.0.0.1:6650`)
 * - `PULSAR_ADMIN_URL` web service URL; default: PULSAR_URL's host on port 8080
 * - `PULSAR_TENANT` (public), `PULSAR_NAMESPACE` (campaign-management)
 * - `PULSAR_TRANSPORT` auto | websocket | native (auto)
 */
export function pulsarConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PulsarConfig | undefined {
  const serviceUrl = env.PULSAR_URL?.trim();
  if (!serviceUrl) return undefined;
  let webServiceUrl = env.PULSAR_ADMIN_URL?.trim();
  if (!webServiceUrl) {
    const service = new URL(serviceUrl);
    webServiceUrl = `${service.protocol === 'pulsar+ssl:' ? 'https' : 'http'}://${service.hostname}:8080`;
  }
  return {
    serviceUrl,
    webServiceUrl: webServiceUrl.replace(/\/+$/, ''),
    tenant: env.PULSAR_TENANT?.trim() || 'public',
    namespace: env.PULSAR_NAMESPACE?.trim() || 'campaign-management',
    transport: parseTransportChoice(env.PULSAR_TRANSPORT),
  };
}
