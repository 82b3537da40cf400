import type { AuthenticatedActor, TokenVerifier } from '@siks/service-kit';

export interface TokenCacheOptions {
  /** The clock of token expiry: the verifier's, the system clock by default. */
  clock?: () => Date;
  /** Tokens remembered at most (the oldest go first); 10,000 by default. */
  maxEntries?: number;
}

/**
 * Remembers the tokens `verifier` accepted, by the exact token string, until their `exp`: an
 * EdDSA verification costs far more than the rest of a small request, and an operator sends
 * the same token many times. Refused tokens are not remembered (each is verified again), nor
 * tokens without a numeric `exp`. The cache holds no more than the token itself proves.
 */
export function cachingVerifier(verifier: TokenVerifier, options: TokenCacheOptions = {}): TokenVerifier {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { actor: AuthenticatedActor; expiresAtMs: number }>();
  return {
    async verify(token) {
      const now = clock().getTime();
      const cached = entries.get(token);
      if (cached && now < cached.expiresAtMs) return { ...cached.actor };
      if (cached) entries.delete(token);
      const actor = await verifier.verify(token);
      const expiresAtMs = expiryOf(token);
      if (expiresAtMs !== undefined && now < expiresAtMs) {
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(token, { actor: { ...actor }, expiresAtMs });
      }
      return actor;
    },
  };
}

/** `exp` of a JWT (already verified) in milliseconds, or undefined. */
function expiryOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
