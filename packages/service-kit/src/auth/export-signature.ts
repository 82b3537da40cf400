import { createHash, createPublicKey } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, importPKCS8, type JWK } from 'jose';
import { decodeKey, JWT_ALGORITHM, keyId, publicJwks } from './keys.ts';

/**
 * Signed checksums of files a service hands out (the cut-off export for the ministry): a JWS
 * (compact, EdDSA/Ed25519, the same key handling as the access tokens: PEM or base64 keys,
 * RFC 7638 key ids, a JWKS to publish) whose payload names the file and its SHA-256. Any JOSE
 * library verifies it against the published key; `verifyFileSignature` then compares the hash.
 */
export interface FileSignaturePayload {
  /** What the file is (`siks-cutoff-export/1`). */
  layout: string;
  fileName: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  rows: number;
  signedAt: string;
  /** What the file is about (e.g. `{cutoffId, regencyCode, period}`). */
  subject: Record<string, string>;
}

export const FILE_SIGNATURE_TYPE = 'siks-file-signature+jws';

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export interface FileSigner {
  keyId: string;
  /** The JWKS that verifies the signatures (publish it). */
  jwks: { keys: JWK[] };
  sign(payload: FileSignaturePayload): Promise<string>;
}

/** A signer over an Ed25519 private key (PEM, or base64 of the PEM or of the PKCS#8 DER). */
export async function createFileSigner(privateKey: string): Promise<FileSigner> {
  const pem = decodeKey(privateKey, 'private');
  const key = await importPKCS8(pem, JWT_ALGORITHM);
  const publicKey = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  const kid = await keyId(publicKey);
  const jwks = await publicJwks(publicKey);
  return {
    keyId: kid,
    jwks,
    sign: (payload) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: JWT_ALGORITHM, kid, typ: FILE_SIGNATURE_TYPE })
        .sign(key),
  };
}

export type FileVerdict =
  | { valid: true; payload: FileSignaturePayload; keyId: string }
  | { valid: false; why: 'bad_signature' | 'unknown_key' | 'checksum_mismatch'; payload?: FileSignaturePayload };

/**
 * Checks a signature against the keys of `jwks` and the file's bytes against the signed SHA-256.
 * Never throws for a bad or foreign signature: says why instead.
 */
export async function verifyFileSignature(
  file: Uint8Array,
  signature: string,
  jwks: { keys: JWK[] },
): Promise<FileVerdict> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(signature.trim()).kid;
  } catch {
    return { valid: false, why: 'bad_signature' };
  }
  const jwk = jwks.keys.find((candidate) => candidate.kid === kid);
  if (!jwk || typeof kid !== 'string') return { valid: false, why: 'unknown_key' };
  let payload: FileSignaturePayload;
  try {
    const verified = await compactVerify(signature.trim(), await importJWK(jwk, JWT_ALGORITHM), {
      algorithms: [JWT_ALGORITHM],
    });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as FileSignaturePayload;
  } catch {
    return { valid: false, why: 'bad_signature' };
  }
  if (payload.sha256 !== sha256Hex(file)) return { valid: false, why: 'checksum_mismatch', payload };
  return { valid: true, payload, keyId: kid };
}
