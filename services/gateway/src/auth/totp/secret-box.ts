import { decryptBytes, encryptBytes } from '@siks/pii';

/** The field a secret is sealed as: with the user id in the AAD, a row copied to another user does not open. */
const FIELD = 'totp_secret';

/**
 * Seals TOTP secrets at rest with `AUTH_TOTP_KEY`, as the PII package seals files (AES-256-GCM,
 * bound to subject and field). A key of its own rather than a subject key of the PII keyring: the
 * gateway holds no subject keys in the production layout, and a secret must survive a rotation of
 * the PII master key.
 */
export interface SecretBox {
  seal(userId: string, secret: string): Buffer;
  /** The secret, or undefined when it does not open (another key, another user, altered). */
  open(userId: string, sealed: Buffer): string | undefined;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new TypeError('AUTH_TOTP_KEY must be 32 bytes');
  return {
    seal: (userId, secret) => encryptBytes(key, userId, FIELD, Buffer.from(secret, 'utf8')),
    open(userId, sealed) {
      try {
        return decryptBytes(key, userId, FIELD, sealed).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
