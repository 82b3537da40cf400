import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importSPKI, type JWK } from 'jose';

export const JWT_ALGORITHM = 'EdDSA';

/** An Ed25519 key pair as PEM (PKCS#8 private, SPKI public) and its key id (JWK thumbprint). */
export interface SigningKeys {
  privateKey: string;
  publicKey: string;
  kid: string;
}

/** Generates a fresh Ed25519 signing key pair. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKey, publicKey, kid: await keyId(publicKey) };
}

/**
 * Normalises a key given in configuration to PEM: PEM as is, or base64 of a PEM, or base64 of
 * DER (SPKI for `kind: 'public'`, PKCS#8 for `'private'`). Throws when it is none of these.
 */
export function decodeKey(text: string, kind: 'public' | 'private'): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return `${trimmed.replace(/\\n/g, '\n')}\n`;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) throw new Error(`the ${kind} key is neither PEM nor base64`);
  const decoded = Buffer.from(trimmed, 'base64');
  const asText = decoded.toString('utf8').trim();
  if (asText.startsWith('-----BEGIN')) return `${asText}\n`;
  const label = kind === 'public' ? 'PUBLIC KEY' : 'PRIVATE KEY';
  const body = decoded
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Base64 of a PEM: one line, safe for an environment variable. */
export const encodeKeyForEnv = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** The key id (RFC 7638 thumbprint) of a public key. */
export async function keyId(publicKeyPem: string): Promise<string> {
  const jwk = await exportJWK(
    await importSPKI(decodeKey(publicKeyPem, 'public'), JWT_ALGORITHM, { extractable: true }),
  );
  return calculateJwkThumbprint(jwk);
}

/** A JWKS document publishing `publicKeyPem` (what the gateway serves for other verifiers). */
export async function publicJwks(publicKeyPem: string): Promise<{ keys: JWK[] }> {
  const jwk = await exportJWK(
    await importSPKI(decodeKey(publicKeyPem, 'public'), JWT_ALGORITHM, { extractable: true }),
  );
  return { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: JWT_ALGORITHM, use: 'sig' }] };
}
