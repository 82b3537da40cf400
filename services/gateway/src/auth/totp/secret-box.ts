import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a sealed secret to its user: a ciphertext copied to another user's row does not open. */
const aad = (userId: string) => Buffer.from(`siks.gateway.totp.v1\u0000${userId}`);

/**
 * Seals TOTP secrets at rest with `AUTH_TOTP_KEY` (AES-256-GCM: iv ‖ tag ‖ ciphertext). A key of
 * its own rather than a subject key of the PII keyring: the gateway holds no subject keys in the
 * production layout, and a secret must survive a rotation of the PII master key.
 */
export interface SecretBox {
  seal(userId: string, secret: string): Buffer;
  /** The secret, or undefined when it does not open (another key, another user, altered). */
  open(userId: string, sealed: Buffer): string | undefined;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new TypeError('AUTH_TOTP_KEY must be 32 bytes');
  return {
    seal(userId, secret) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(userId));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(userId, sealed) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(userId));
        decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}
