import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT } from 'jose';

/**
 * The HS256 secret of an unconfigured (embedded) installation: generated once and kept under
 * DATA_DIR, so tokens printed at start keep working across restarts.
 */
export async function localJwtSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // another process created it first: use theirs
  });
  return (await readFile(file, 'utf8')).trim();
}

export interface TokenClaims {
  sub: string;
  role: 'admin' | 'brand_manager' | 'viewer';
  brands: string[];
  expiresIn: string;
  issuer?: string;
  audience?: string;
}

/** Signs an HS256 access token with the claims API.md defines. */
export function signToken(secret: string, claims: TokenClaims): Promise<string> {
  let jwt = new SignJWT({ role: claims.role, brands: claims.brands })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn);
  if (claims.issuer) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
