/** How far a relay is behind the event log. */
export interface OutboxLag {
  /** Events written but not yet published. */
  readonly events: number;
  /** Age of the oldest unpublished event (0 when there is none). */
  readonly seconds: number;
  /** Last published position. */
  readonly checkpoint: string;
}

/** The relay name used when none is given: the Pulsar publisher. */
export const DEFAULT_RELAY_NAME = 'pulsar';

interface LagRow {
  events: number;
  seconds: number | null;
  checkpoint: string;
}

/**
 * Reads a relay's lag from the database, so any process (the API's `/health/ready`, not only the
 * worker running the relay) can report it. `db` is the seedwork Database or anything that returns
 * rows the same way.
 */
export async function readOutboxLag(
  db: { query<T>(sql: string, params?: unknown[]): Promise<T[]> },
  relayName: string = DEFAULT_RELAY_NAME,
): Promise<OutboxLag> {
  const [row] = await db.query<LagRow>(
    `WITH c AS (SELECT coalesce((SELECT position FROM outbox_checkpoints WHERE name = $1), 0) AS position)
     SELECT (SELECT count(*) FROM domain_events e WHERE e.position > c.position)::int AS events,
            (SELECT greatest(0, extract(epoch FROM now() - e.occurred_at))::float8
               FROM domain_events e WHERE e.position > c.position ORDER BY e.position LIMIT 1) AS seconds,
            c.position::text AS checkpoint
       FROM c`,
    [relayName],
  );
  return { events: row!.events, seconds: row!.seconds ?? 0, checkpoint: row!.checkpoint };
}
