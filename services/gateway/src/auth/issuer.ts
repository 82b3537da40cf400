import { createPrivateKey, createPublicKey } from 'node:crypto';
import { decodeKey, keyId, mintToken, publicJwks } from '@siks/service-kit';
import type { User } from '../users/store.ts';

/** Signs the gateway's access tokens and publishes the matching public key. */
export interface TokenIssuer {
  issue(
    user: Pick<User, 'id' | 'role' | 'regionCode' | 'name'>,
    now: Date,
  ): Promise<{ accessToken: string; expiresIn: number }>;
  /** The JWKS document other services fetch (`GET /.well-known/jwks.json`). */
  readonly jwks: { keys: object[] };
  /** The public key (PEM) matching the private key. */
  readonly publicKey: string;
}

export interface IssuerOptions {
  /** Ed25519 private key: PEM, or base64 of PEM/DER (PKCS#8). */
  privateKey: string;
  ttlSeconds: number;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** The public key (SPKI PEM) of an Ed25519 private key. */
export function publicKeyOf(privateKey: string): string {
  return createPublicKey(createPrivateKey(decodeKey(privateKey, 'private')))
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

export async function createTokenIssuer(options: IssuerOptions): Promise<TokenIssuer> {
  const privateKey = decodeKey(options.privateKey, 'private');
  const publicKey = publicKeyOf(privateKey);
  const kid = await keyId(publicKey);
  const jwks = await publicJwks(publicKey);
  return {
    jwks,
    publicKey,
    async issue(user, now) {
      const accessToken = await mintToken(
        privateKey,
        { sub: user.id, role: user.role, region: user.regionCode, name: user.name },
        {
          expiresIn: options.ttlSeconds,
          kid,
          now,
          issuer: options.issuer,
          audience: options.audience,
        },
      );
      return { accessToken, expiresIn: options.ttlSeconds };
    },
  };
}
