import type { RequestHandler } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Actor, Role } from '../application/index.js';
import { HttpError } from './problem.js';

export interface AuthConfig {
  /** HS256 shared secret (AUTH_JWT_SECRET). */
  jwtSecret?: string;
  /** JWKS endpoint of an identity provider (AUTH_JWKS_URL), for RS256/ES256 tokens. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ROLES: readonly Role[] = ['admin', 'brand_manager', 'viewer'];
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="campaign-service"' };

function unauthorized(detail: string): HttpError {
  return new HttpError(401, 'unauthorized', 'Unauthorized', detail, CHALLENGE);
}

function actorFrom(payload: JWTPayload): Actor {
  const { sub, role, brands } = payload as JWTPayload & { role?: unknown; brands?: unknown };
  if (typeof sub !== 'string' || sub.length === 0) throw unauthorized('The token has no subject (sub)');
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) throw unauthorized(`The token's role must be one of ${ROLES.join(', ')}`);
  const brandList = brands ?? [];
  if (!Array.isArray(brandList) || !brandList.every((b) => typeof b === 'string')) throw unauthorized('The token\'s brands claim must be an array of brand ids');
  return { sub, role: role as Role, brands: brandList as string[] };
}

const CACHE_SIZE = 10_000;

/**
 * Tokens already verified, until they expire. jose verifies through WebCrypto, whose async
 * round trip dominated the read path (`npm run bench`); a client sends the same token on every
 * request, so one verification per token lifetime is enough. The key is the whole token,
 * signature included, so only a token that really verified can hit.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, { actor: Actor; expiresAtMs: number }>();

  get(token: string, nowMs: number): Actor | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.actor;
  }

  set(token: string, actor: Actor, expiresAtMs: number): void {
    // Map keeps insertion order: dropping the first entry evicts the oldest.
    if (this.#entries.size >= CACHE_SIZE) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { actor, expiresAtMs });
  }
}

/**
 * Verifies `Authorization: Bearer <JWT>` (HS256 with the shared secret, or the identity
 * provider's keys from JWKS) and puts the caller in `res.locals.actor`.
 */
export function authenticate(config: AuthConfig): RequestHandler {
  if (!config.jwtSecret && !config.jwksUrl) throw new Error('Authentication needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  const options = {
    ...(config.issuer && { issuer: config.issuer }),
    ...(config.audience && { audience: config.audience }),
  };
  const verified = new VerifiedTokens();
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer ([A-Za-z0-9._~+/-]+=*)$/);
    if (!match) throw unauthorized('Send an Authorization: Bearer <token> header');
    const token = match[1]!;
    const cached = verified.get(token, Date.now());
    if (cached) {
      res.locals.actor = cached;
      return next();
    }
    try {
      const alg = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')).alg;
      let payload: JWTPayload;
      if (alg === 'HS256' && secret) payload = (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
      else if (jwks && alg !== 'HS256') payload = (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload;
      else throw unauthorized(`Tokens signed with ${String(alg)} are not accepted here`);
      res.locals.actor = actorFrom(payload);
      // Without `exp` a token never expires by itself; still re-verify it now and then.
      verified.set(token, res.locals.actor, payload.exp ? payload.exp * 1000 : Date.now() + 60_000);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(`The token's ${error.claim} claim is not accepted`);
      throw unauthorized('The token is malformed or its signature is invalid');
    }
    next();
  };
}

/** Only roles that may write get past: viewers read only. */
export const requireWriter: RequestHandler = (_req, res, next) => {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor || actor.role === 'viewer') {
    throw new HttpError(403, 'forbidden', 'Forbidden', `The role '${actor?.role ?? 'anonymous'}' may not change anything`);
  }
  next();
};
