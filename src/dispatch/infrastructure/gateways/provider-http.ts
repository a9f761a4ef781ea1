import { ProviderError } from '../../application/channel-gateway.js';

/** How long a provider may take to answer one request before the send counts as a `timeout`. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 15_000;

export interface ProviderResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or null when the body was empty or not JSON. */
  readonly body: unknown;
}

/** The network error's code (`ECONNREFUSED`) or reason, which say more than fetch's own "fetch failed". */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return String(error);
}

/**
 * One HTTP request to a provider, the whole body read within `timeoutMs`. Network failures become
 * `unavailable` and a request that outlived the timeout `timeout`: both transient. A timed-out
 * request may still have been acted on (delivery-idempotency.ts states that window). Messages
 * never include the URL: Telegram's carries the bot token.
 */
export async function providerRequest(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<ProviderResponse> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a proxy's error page): the status alone decides
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new ProviderError('timeout', `${provider} did not answer within ${timeoutMs} ms`);
    throw new ProviderError('unavailable', `${provider} could not be reached (${causeOf(error)})`);
  }
}

/** A Retry-After header (seconds, or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
