import type pg from 'pg';
import { toStoredEvent, type EventMetadata, type StoredEvent } from '../event-store/event-store.js';

/*
 * Which events may the relay publish, and when may its checkpoint pass a position?
 *
 * The relay publishes in `position` order and keeps one number: every event at or below the
 * checkpoint is published. Positions are drawn from the identity sequence when a row is inserted,
 * but rows become visible when their transaction commits, in any order. Publishing whatever is
 * visible and moving past it would skip an event that a slower transaction commits later below
 * the checkpoint. Filtering on `transaction_id < pg_snapshot_xmin(...)` alone does not fix that
 * for a position checkpoint: a transaction whose id is older (it wrote something else first, as an
 * idempotency key or a `SELECT … FOR UPDATE` does) can draw a *higher* position and commit first.
 *
 * So the checkpoint only moves to a bound L that has been made final:
 *   1. L := the sequence's last value (every position ≤ L has been drawn by now);
 *   2. X := pg_current_xact_id() in a statement of its own: a fresh id, higher than every id
 *      handed out before it (ids are handed out in increasing order);
 *   3. wait until pg_snapshot_xmin(pg_current_snapshot()) ≥ X: no transaction with an id below X
 *      is still open. (Our own X has committed by then, so every open id below X is in the
 *      snapshot's in-progress list and holds xmin down. Snapshot xmax would not do as X: it is
 *      "latest completed + 1", and open transactions can have ids above it.)
 *   4. publish the rows with checkpoint < position ≤ L, then checkpoint := L.
 * Why nothing is skipped: the BEFORE STATEMENT trigger on domain_events (migration
 * 1763890002000) gives the writer its transaction id before its INSERT draws a position. A
 * transaction that drew a position ≤ L did so before step 1, so its id predates step 2 and is
 * below X. After step 3 it has committed (its rows are visible to any later statement) or rolled
 * back (they never will be), and the sequence never hands out a position ≤ L again. So the rows
 * read in step 4 are all the rows that will ever exist at those positions (and all of them have
 * transaction_id < pg_snapshot_xmin, the rule of ARCHITECTURE.md).
 * Why per-aggregate order holds: an aggregate's version n+1 is written by a transaction that read
 * version n committed, so it draws a larger position; position order is version order.
 * Why writers are never blocked: the relay only reads; waiting is on its side. What it waits for
 * is every transaction with an id that was open at step 2 — including long ones that never touch
 * domain_events; the lag probe shows such a stall.
 * Assumptions: nobody sets the sequence back or inserts explicit positions (GENERATED ALWAYS
 * refuses those without OVERRIDING SYSTEM VALUE); the sequence keeps CACHE 1 (a session-cached
 * block would hand out positions drawn long before); the trigger is not disabled
 * (session_replication_role = replica skips it).
 */

interface EventRow {
  position: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  brand_id: string;
  payload: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
}

/** First wait between checks for open transactions; grows up to the maximum. */
const BARRIER_FIRST_WAIT_MS = 2;
const BARRIER_MAX_WAIT_MS = 50;

/** The relay's SQL, run on its own dedicated connection (the one holding the lease). */
export class OutboxStore {
  #sequence: string | undefined;

  constructor(private readonly client: pg.ClientBase, private readonly name: string) {}

  /** Step 1: the last position drawn from the sequence, committed or not ('0' before any). */
  async lastDrawnPosition(): Promise<bigint> {
    this.#sequence ??= (await this.client.query<{ seq: string }>(
      `SELECT pg_get_serial_sequence('domain_events', 'position') AS seq`,
    )).rows[0]!.seq;
    const { rows } = await this.client.query<{ last: string }>(
      `SELECT coalesce(pg_sequence_last_value($1::regclass), 0)::text AS last`, [this.#sequence],
    );
    return BigInt(rows[0]!.last);
  }

  /**
   * Steps 2–3: returns once every transaction that had an id when called has ended. Costs one
   * transaction id per call, and there is at most one call per batch of new positions.
   */
  async waitForOpenTransactions(stopped: () => boolean): Promise<void> {
    const { rows } = await this.client.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    const bound = rows[0]!.xid;
    for (let wait = BARRIER_FIRST_WAIT_MS; !stopped(); wait = Math.min(BARRIER_MAX_WAIT_MS, wait * 1.5)) {
      const { rows: [state] } = await this.client.query<{ done: boolean }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS done`, [bound],
      );
      if (state!.done) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Step 4: events after a position up to a bound, in position order. */
  async readEvents(after: bigint, upTo: bigint, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.client.query<EventRow>(
      `SELECT position::text AS position, event_id, event_type, schema_version, aggregate_type, aggregate_id,
              aggregate_version, brand_id, payload, metadata, occurred_at
         FROM domain_events e
        WHERE e.position > $1 AND e.position <= $2
        ORDER BY e.position -- qualified: a bare "position" would sort by the text alias above
        LIMIT $3`,
      [after.toString(), upTo.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  /** The checkpoint, created at 0 the first time: a new relay publishes the whole log. */
  async readCheckpoint(): Promise<bigint> {
    await this.client.query(`INSERT INTO outbox_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [this.name]);
    const { rows } = await this.client.query<{ position: string }>(`SELECT position::text AS position FROM outbox_checkpoints WHERE name = $1`, [this.name]);
    return BigInt(rows[0]!.position);
  }

  /**
   * Runs on the lease connection: if that session is gone, so is the lease, and the write fails
   * instead of moving a checkpoint another relay now owns. GREATEST keeps it monotonic regardless.
   */
  async saveCheckpoint(position: bigint): Promise<void> {
    await this.client.query(
      `UPDATE outbox_checkpoints SET position = GREATEST(position, $2::bigint), updated_at = now() WHERE name = $1`,
      [this.name, position.toString()],
    );
  }
}
