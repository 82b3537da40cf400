import { createRemoteJWKSet, errors, importSPKI, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { unauthorized } from '../errors/problem.ts';
import { scopeFitsRole, UserRole, type AuthenticatedActor } from './actor.ts';
import { decodeKey, JWT_ALGORITHM } from './keys.ts';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from './token.ts';

/** Checks an access token and returns its actor, or throws a 401 `ProblemError`. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedActor>;
}

export interface TokenVerifierOptions {
  /** Ed25519 public key: PEM, or base64 of PEM/DER. */
  publicKey?: string;
  /** Or a JWKS URL (the gateway's, or an OIDC provider's). */
  jwksUrl?: string;
  /** Required `iss`; `DEFAULT_JWT_ISSUER` unless given. */
  issuer?: string | undefined;
  /** Required `aud`; `DEFAULT_JWT_AUDIENCE` unless given. */
  audience?: string | undefined;
  /** Current time (tests); defaults to the system clock. */
  clock?: () => Date;
  /** Allowed clock skew in seconds (default 30). */
  clockToleranceSeconds?: number;
}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  role: UserRole,
  region: z.string(),
  name: z.string().max(200).default(''),
});

/** A verifier for EdDSA tokens signed by the key (or one of the JWKS keys) configured. */
export async function createTokenVerifier(options: TokenVerifierOptions): Promise<TokenVerifier> {
  let key: Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;
  if (options.publicKey) key = await importSPKI(decodeKey(options.publicKey, 'public'), JWT_ALGORITHM);
  else if (options.jwksUrl) key = createRemoteJWKSet(new URL(options.jwksUrl));
  else throw new Error('createTokenVerifier needs publicKey or jwksUrl');
  const verifyOptions = {
    algorithms: [JWT_ALGORITHM],
    // Issuer and audience are always checked: a token lacking either is refused.
    requiredClaims: ['sub', 'exp', 'iss', 'aud'],
    clockTolerance: options.clockToleranceSeconds ?? 30,
    issuer: options.issuer || DEFAULT_JWT_ISSUER,
    audience: options.audience || DEFAULT_JWT_AUDIENCE,
  };
  return {
    async verify(token) {
      let payload: unknown;
      try {
        const currentDate = options.clock?.();
        const result =
          typeof key === 'function'
            ? await jwtVerify(token, key, { ...verifyOptions, ...(currentDate ? { currentDate } : {}) })
            : await jwtVerify(token, key, { ...verifyOptions, ...(currentDate ? { currentDate } : {}) });
        payload = result.payload;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw unauthorized('token_expired');
        throw unauthorized();
      }
      const claims = Claims.safeParse(payload);
      if (!claims.success || !scopeFitsRole(claims.data.role, claims.data.region)) throw unauthorized();
      return {
        userId: claims.data.sub,
        role: claims.data.role,
        regionCode: claims.data.region,
        name: claims.data.name,
      };
    },
  };
}

/** A verifier from the base configuration (`JWT_PUBLIC_KEY` or `JWKS_URL`, `JWT_ISSUER`, `JWT_AUDIENCE`). */
export function verifierFromConfig(config: {
  JWT_PUBLIC_KEY?: string | undefined;
  JWKS_URL?: string | undefined;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
}): Promise<TokenVerifier> {
  return createTokenVerifier({
    ...(config.JWT_PUBLIC_KEY ? { publicKey: config.JWT_PUBLIC_KEY } : {}),
    ...(config.JWKS_URL ? { jwksUrl: config.JWKS_URL } : {}),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
