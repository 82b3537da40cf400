import { importPKCS8, SignJWT } from 'jose';
import { scopeFitsRole, type UserRole } from './actor.ts';
import { decodeKey, JWT_ALGORITHM } from './keys.ts';

/**
 * Who issues SIKS access tokens and for whom, when `JWT_ISSUER` / `JWT_AUDIENCE` are not set:
 * every token names both and every service checks both, so a token of another system signed
 * with a shared or leaked key, or a token without them, is refused.
 */
export const DEFAULT_JWT_ISSUER = 'siks-gateway';
export const DEFAULT_JWT_AUDIENCE = 'siks';

/** The claims of a SIKS access token (besides iat/exp/iss/aud). */
export interface TokenClaims {
  sub: string;
  role: UserRole;
  /** Scope code; '' for national. */
  region: string;
  name: string;
}

export interface MintOptions {
  /** Lifetime: seconds, or `30s`, `15m`, `1h`, `7d`. */
  expiresIn: string | number;
  /** `iss`; `DEFAULT_JWT_ISSUER` unless given. */
  issuer?: string | undefined;
  /** `aud`; `DEFAULT_JWT_AUDIENCE` unless given. */
  audience?: string | undefined;
  /** Key id for the header (lets a JWKS verifier pick the key). */
  kid?: string;
  /** Issue time (defaults to now); tests pass a fixed clock. */
  now?: Date;
}

/** Parses `90`, `90s`, `15m`, `1h`, `7d` into seconds; throws on anything else. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0) throw new Error('duration must be a positive whole number of seconds');
    return value;
  }
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new Error(`invalid duration "${value}" (use e.g. 90s, 15m, 1h, 7d)`);
  const amount = Number(match[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  if (amount <= 0) throw new Error('duration must be positive');
  return amount * unit;
}

/**
 * Signs an access token with an Ed25519 private key (PEM or base64). For tests, local use and
 * the gateway's login. Throws when the region does not fit the role (e.g. an operator without a
 * village code).
 */
export async function mintToken(privateKey: string, claims: TokenClaims, options: MintOptions): Promise<string> {
  if (!scopeFitsRole(claims.role, claims.region)) {
    throw new Error(`region "${claims.region}" is not a valid scope for role ${claims.role}`);
  }
  const key = await importPKCS8(decodeKey(privateKey, 'private'), JWT_ALGORITHM);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ role: claims.role, region: claims.region, name: claims.name })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject(claims.sub)
    .setIssuer(options.issuer || DEFAULT_JWT_ISSUER)
    .setAudience(options.audience || DEFAULT_JWT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + parseDuration(options.expiresIn))
    .sign(key);
}
