import { createHash } from 'node:crypto';
import type { CallStatus } from '../../../calls/domain/voice-call-state.js';
import { ProviderError, type ChannelGateway, type ChannelSendRequest, type SendResult } from '../../application/channel-gateway.js';
import type { CallStatusEvent, MessageStatus, MessageStatusEvent, ProviderCallbackSink } from '../../application/provider-callbacks.js';
import { InMemorySimulatedSendLog, type SimulatedOutcome, type SimulatedSendLog } from './simulated-send-log.js';

/** Shares of sends that end each way; what is left over reaches the contact. busy and noAnswer apply to calls only. */
export interface SimulatedRates {
  readonly noAnswer?: number;
  readonly busy?: number;
  /** The provider fails (`unavailable`, transient). */
  readonly failure?: number;
  /** The provider refuses the number (`invalid_number`, permanent). */
  readonly invalidNumber?: number;
}

export interface SimulatedGatewayOptions {
  /** Outcomes are a function of (seed, idempotency key): the same seed replays the same run. */
  readonly seed: string | number;
  /** How long a send takes; a range is drawn per send, deterministically like the outcome. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  readonly rates?: SimulatedRates;
  /** Counts sends per key (the provider side); one process's memory by default. */
  readonly sendLog?: SimulatedSendLog;
  /** Status callbacks for calls, SMS and WhatsApp, as Twilio would send them; none without a sink. */
  readonly callbacks?: { readonly sink: ProviderCallbackSink; readonly delayMs?: number };
  /** Waits; injected by tests that run on a controllable clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

/** How often a callback the sink refused is sent again before the provider gives up on it. */
const CALLBACK_ATTEMPTS = 4;
const CALLBACK_RETRY_MS = 20;
const MAX_CALL_SECONDS = 300;

/** mulberry32: a tiny PRNG whose whole state is one 32-bit seed, plenty for drawing outcomes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const unrefSleep = (ms: number) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));

function checkRates(rates: SimulatedRates): void {
  const shares = Object.values(rates);
  if (shares.some((r) => !(r >= 0 && r <= 1)) || shares.reduce((a, b) => a + b, 0) > 1) {
    throw new RangeError('simulated rates must be shares from 0 to 1 that add up to at most 1');
  }
}

/**
 * A channel provider simulated in process: the default of `npm start` and of the tests. It
 * behaves like a provider that honours idempotency keys: each (seed, key) always has the same
 * latency, outcome and providerRef, a repeated key reaches nobody again (the send log counts
 * it), and status callbacks go out for the first send of a key only. Outcomes follow `rates`:
 * a call may be unanswered or busy, any send may fail (transient) or be refused as an invalid
 * number (permanent). A reached contact answers `delivered`; the others throw the ProviderError
 * a real provider's final status would map to. Telegram and email have no status callbacks, as
 * with the real providers.
 */
export class SimulatedGateway implements ChannelGateway {
  readonly #seed: string;
  readonly #rates: Required<SimulatedRates>;
  readonly #sendLog: SimulatedSendLog;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => Date;
  readonly #pending = new Set<Promise<void>>();
  #dropped = 0;

  constructor(private readonly options: SimulatedGatewayOptions) {
    this.#seed = String(options.seed);
    this.#rates = { noAnswer: 0, busy: 0, failure: 0, invalidNumber: 0, ...options.rates };
    checkRates(this.#rates);
    this.#sendLog = options.sendLog ?? new InMemorySimulatedSendLog();
    this.#sleep = options.sleep ?? unrefSleep;
    this.#now = options.now ?? (() => new Date());
  }

  /** Callbacks the sink kept refusing, which the provider gave up on. */
  get droppedCallbacks(): number {
    return this.#dropped;
  }

  async send(request: ChannelSendRequest): Promise<SendResult> {
    const digest = createHash('sha256').update(`${this.#seed}\u0000${request.idempotencyKey}`).digest();
    // Draws in a fixed order from a generator seeded by (seed, key): a repeated key replays them.
    const random = prng(digest.readUInt32BE(0));
    const latency = this.#latency(random);
    const isCall = request.channel === 'call';
    const outcome = this.#outcome(isCall, random());
    const durationSeconds = 1 + Math.floor(random() * MAX_CALL_SECONDS);
    const providerRef = `sim-${isCall ? 'call' : 'msg'}-${digest.toString('hex', 4, 16)}`;
    await this.#sleep(latency);
    const sends = await this.#sendLog.record(request.idempotencyKey, request.brandId, outcome);
    if (sends === 1) this.#emit(request, providerRef, outcome, durationSeconds);
    switch (outcome) {
      case 'reached': return { providerRef, status: 'delivered' };
      case 'invalid_number': throw new ProviderError('invalid_number', `Simulated provider: ${request.to} is not a valid destination`, { providerCode: '21211' });
      case 'no_answer': throw new ProviderError('no_answer', 'Simulated provider: nobody answered', { providerCode: 'no-answer' });
      case 'busy': throw new ProviderError('busy', 'Simulated provider: the line was busy', { providerCode: 'busy' });
      case 'unavailable': throw new ProviderError('unavailable', 'Simulated provider: temporary failure', { providerCode: '503' });
    }
  }

  /** Resolves once every callback emitted so far was delivered or given up on. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #latency(random: () => number): number {
    const latency = this.options.latencyMs ?? 0;
    // Drawn even when fixed, so a seed gives the same outcomes whatever latency is configured.
    const r = random();
    return typeof latency === 'number' ? latency : latency.min + Math.floor(r * (latency.max - latency.min + 1));
  }

  #outcome(isCall: boolean, r: number): SimulatedOutcome {
    const { invalidNumber, failure, busy, noAnswer } = this.#rates;
    if (r < invalidNumber) return 'invalid_number';
    if (r < invalidNumber + failure) return 'unavailable';
    if (!isCall) return 'reached';
    if (r < invalidNumber + failure + busy) return 'busy';
    if (r < invalidNumber + failure + busy + noAnswer) return 'no_answer';
    return 'reached';
  }

  /** The callbacks Twilio would send for this outcome, delivered in order, one after the other. */
  #emit(request: ChannelSendRequest, providerRef: string, outcome: SimulatedOutcome, durationSeconds: number): void {
    const callbacks = this.options.callbacks;
    if (!callbacks) return;
    const { sink, delayMs = 0 } = callbacks;
    const deliveries: Array<() => Promise<void>> =
      request.channel === 'call'
        ? CALL_TRAILS[outcome].map((status, i) => () => sink.callStatus(this.#callEvent(request, providerRef, status, i, durationSeconds)))
        : request.channel === 'sms' || request.channel === 'whatsapp'
          ? MESSAGE_TRAILS[outcome].map((status) => () => sink.messageStatus(this.#messageEvent(request, providerRef, status)))
          : [];
    if (deliveries.length === 0) return;
    const run = (async () => {
      for (const deliver of deliveries) {
        await this.#sleep(delayMs);
        await this.#deliver(deliver);
      }
    })();
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  /** Like a provider's webhook retries: a few more tries, then the callback is dropped and counted. */
  async #deliver(deliver: () => Promise<void>): Promise<void> {
    for (let attempt = 1; attempt <= CALLBACK_ATTEMPTS; attempt++) {
      try {
        return await deliver();
      } catch {
        if (attempt < CALLBACK_ATTEMPTS) await this.#sleep(CALLBACK_RETRY_MS * 2 ** attempt);
      }
    }
    this.#dropped++;
  }

  #callEvent(request: ChannelSendRequest, providerRef: string, status: CallStatus, sequenceNumber: number, durationSeconds: number): CallStatusEvent {
    return {
      provider: 'simulated',
      eventKey: `${providerRef}:${status}`,
      brandId: request.brandId,
      deliveryId: request.deliveryId,
      occurredAt: this.#now(),
      raw: { CallSid: providerRef, CallStatus: status, SequenceNumber: String(sequenceNumber) },
      providerCallId: providerRef,
      status,
      providerStatus: status,
      sequenceNumber,
      durationSeconds: status === 'completed' ? durationSeconds : null,
      recordingUrl: null,
      errorCode: status === 'failed' ? '503' : null,
    };
  }

  #messageEvent(request: ChannelSendRequest, providerRef: string, status: MessageStatus): MessageStatusEvent {
    const failed = status === 'failed';
    return {
      provider: 'simulated',
      eventKey: `${providerRef}:${status}`,
      brandId: request.brandId,
      deliveryId: request.deliveryId,
      occurredAt: this.#now(),
      raw: { MessageSid: providerRef, MessageStatus: status },
      providerMessageId: providerRef,
      status,
      providerStatus: status,
      errorCode: failed ? '30008' : null,
      errorKind: failed ? 'unavailable' : null,
    };
  }
}

/** The statuses a call reports on its way to each outcome (an invalid number is refused before any). */
const CALL_TRAILS: Readonly<Record<SimulatedOutcome, readonly CallStatus[]>> = {
  reached: ['initiated', 'ringing', 'answered', 'completed'],
  no_answer: ['initiated', 'ringing', 'no_answer'],
  busy: ['initiated', 'busy'],
  unavailable: ['initiated', 'failed'],
  invalid_number: [],
};

const MESSAGE_TRAILS: Readonly<Record<SimulatedOutcome, readonly MessageStatus[]>> = {
  reached: ['sent', 'delivered'],
  no_answer: [],
  busy: [],
  unavailable: ['failed'],
  invalid_number: [],
};
