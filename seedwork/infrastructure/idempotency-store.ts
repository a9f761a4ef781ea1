import type { Database } from './database/database.js';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Keys older than this are forgotten: a retry after a day is a new request (API.md). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** `idempotency_keys`: one row per (principal, key), written in the same transaction as the command. */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  /**
   * Claims the key for this request, or returns the response recorded for it. A concurrent
   * request with the same key waits on the row lock until the first commits or rolls back.
   */
  async claim(principal: string, key: string, requestHash: string): Promise<StoredResponse | null> {
    // An expired key is released first so it can be claimed again.
    await this.db.execute(
      `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`,
      [principal, key, IDEMPOTENCY_TTL_HOURS],
    );
    const inserted = await this.db.execute(
      `INSERT INTO idempotency_keys (principal, key, request_hash, response_status) VALUES ($1, $2, $3, 0)
       ON CONFLICT (principal, key) DO NOTHING`,
      [principal, key, requestHash],
    );
    if (inserted === 1) return null;
    const [row] = await this.db.query<{ request_hash: string; response_status: number; response_body: unknown; response_headers: Record<string, string> }>(
      `SELECT request_hash, response_status, response_body, response_headers FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    return { requestHash: row!.request_hash, status: row!.response_status, body: row!.response_body, headers: row!.response_headers };
  }

  /** Records the response of the request that claimed the key. */
  async complete(principal: string, key: string, response: Omit<StoredResponse, 'requestHash'>): Promise<void> {
    await this.db.execute(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb, response_headers = $5::jsonb WHERE principal = $1 AND key = $2`,
      [principal, key, response.status, response.body === undefined ? null : JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /** Deletes expired keys; run periodically by the worker. */
  async purgeExpired(): Promise<number> {
    return this.db.execute(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_TTL_HOURS]);
  }
}
