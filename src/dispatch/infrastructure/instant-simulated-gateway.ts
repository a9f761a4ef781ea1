import type { ChannelGateway, ChannelSendRequest, SendResult } from '../application/channel-gateway.js';

/**
 * A provider that answers at once and reaches every contact, honouring idempotency keys the way
 * a real one does: a repeated key returns the first answer and reaches no one again. The
 * dispatch loop falls back to it while no ChannelGateway is bound (the full simulated adapter
 * with latency and failure rates lives with the other gateways).
 */
export class InstantSimulatedGateway implements ChannelGateway {
  readonly #sent = new Map<string, SendResult>();

  async send(request: ChannelSendRequest): Promise<SendResult> {
    let answer = this.#sent.get(request.idempotencyKey);
    if (answer === undefined) {
      answer = { providerRef: `sim-${request.idempotencyKey}`, status: 'delivered' };
      this.#sent.set(request.idempotencyKey, answer);
    }
    return answer;
  }

  /** How many distinct keys reached the provider. */
  get reached(): number {
    return this.#sent.size;
  }
}
