import type { MessageTransport } from './message-transport.js';
import { NativeTransport } from './native-transport.js';
import { WebSocketTransport } from './websocket-transport.js';

/** `PULSAR_TRANSPORT`: `auto` prefers the native client and falls back to WebSocket when it does not load. */
export type TransportChoice = 'auto' | 'websocket' | 'native';

export interface TransportConfig {
  readonly transport: TransportChoice;
  /** Binary protocol, for the native client: `pulsar://host:6650`. */
  readonly serviceUrl: string;
  /** Web service (admin + WebSocket API): `http://host:8080`. */
  readonly webServiceUrl: string;
}

export interface TransportFactoryHooks {
  /** Told why `auto` fell back to WebSocket, and about lost sessions that reconnect. */
  readonly onWarning?: (message: string) => void;
}

export function parseTransportChoice(value: string | undefined): TransportChoice {
  const choice = (value ?? 'auto').trim().toLowerCase() || 'auto';
  if (choice === 'auto' || choice === 'websocket' || choice === 'native') return choice;
  throw new Error(`PULSAR_TRANSPORT must be auto, websocket or native (got "${value}")`);
}

/** Builds the configured transport; `native` fails with the loader's explanation when the client is missing. */
export async function createMessageTransport(config: TransportConfig, hooks: TransportFactoryHooks = {}): Promise<MessageTransport> {
  const websocket = (): MessageTransport => new WebSocketTransport({
    webServiceUrl: config.webServiceUrl,
    onReconnect: (error) => hooks.onWarning?.(`pulsar websocket session lost, reconnecting: ${error.message}`),
  });
  if (config.transport === 'websocket') return websocket();
  const onLog = (message: string): void => hooks.onWarning?.(`pulsar-client: ${message}`);
  if (config.transport === 'native') return NativeTransport.create({ serviceUrl: config.serviceUrl, onLog });
  try {
    return await NativeTransport.create({ serviceUrl: config.serviceUrl, onLog });
  } catch (error) {
    hooks.onWarning?.(`${(error as Error).message} Using the WebSocket transport.`);
    return websocket();
  }
}
