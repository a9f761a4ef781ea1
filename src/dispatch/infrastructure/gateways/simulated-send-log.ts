import { prepared, type Database } from '../../../../seedwork/infrastructure/database/database.js';
import { transactionStorage } from '../../../../seedwork/infrastructure/database/transaction-context.js';

/** How a simulated send ended: the contact was reached, or why not. */
export type SimulatedOutcome = 'reached' | 'no_answer' | 'busy' | 'unavailable' | 'invalid_number';

/**
 * The simulated provider's memory of the idempotency keys it was sent and how each ended: what
 * lets a test count how often each contact was really reached.
 */
export interface SimulatedSendLog {
  /** Counts one send of `key`; resolves to how many there have been, this one included. */
  record(key: string, brandId: string, outcome: SimulatedOutcome): Promise<number>;
}

/** One process's memory: for unit tests and single-process runs. */
export class InMemorySimulatedSendLog implements SimulatedSendLog {
  readonly #sends = new Map<string, { sends: number; outcome: SimulatedOutcome }>();

  async record(key: string, _brandId: string, outcome: SimulatedOutcome): Promise<number> {
    const sends = (this.#sends.get(key)?.sends ?? 0) + 1;
    this.#sends.set(key, { sends, outcome });
    return sends;
  }

  /** How often `key` was sent (0 when never). */
  sendsOf(key: string): number {
    return this.#sends.get(key)?.sends ?? 0;
  }

  /** How the sends of `key` ended (the same every time); undefined when never sent. */
  outcomeOf(key: string): SimulatedOutcome | undefined {
    return this.#sends.get(key)?.outcome;
  }

  /** Every key sent at least once, in order of first send. */
  keys(): string[] {
    return [...this.#sends.keys()];
  }
}

const RECORD = prepared('simulated_send_record', `
  INSERT INTO simulated_sends AS s (idempotency_key, brand_id, outcome, sends, first_sent_at, last_sent_at) VALUES ($1, $2, $3, 1, now(), now())
  ON CONFLICT (idempotency_key) DO UPDATE SET sends = s.sends + 1, last_sent_at = now()
  RETURNING sends`);

/**
 * `simulated_sends`, shared by every worker process, so the count survives a worker that is
 * killed mid-run: "reached exactly once" is one `reached` row per contact with `sends` counting
 * the repeats the key absorbed. It is the provider's side, not ours: it is written outside any unit of work
 * the caller may be in, as a real provider's memory does not roll back with our transaction.
 */
export class PgSimulatedSendLog implements SimulatedSendLog {
  constructor(private readonly db: Database) {}

  async record(key: string, brandId: string, outcome: SimulatedOutcome): Promise<number> {
    const [row] = await transactionStorage.exit(() => this.db.query<{ sends: number }>(RECORD, [key, brandId, outcome]));
    return row!.sends;
  }
}
