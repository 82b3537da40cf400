/**
 * AES-GCM sealing of what the outbox keeps in the browser, with one key per user.
 *
 * Threat model (docs/offline.md says the same in more words):
 * - The key is a WebCrypto `CryptoKey` made non-extractable and kept in IndexedDB by user id;
 *   script on the page (an injected one included) can use it while the console runs but can
 *   never read its bytes to carry them away, and the stored records hold only ciphertext: a
 *   look at IndexedDB (developer tools, an extension, a copied profile read without the
 *   browser) shows no names, NIK or photo.
 * - Each record's additional data names its owner and id, so a record moved to another user
 *   or another id does not open.
 * - Not covered: someone who controls this browser profile while it runs can make the console
 *   open the records, and a forensic copy of the profile holds the key material the browser
 *   keeps for non-extractable keys. Closing that needs a key the server releases only after
 *   sign-in, which would stop the form from working after a reload without a connection.
 */

const ALGORITHM = 'AES-GCM';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** A new non-extractable AES-256-GCM key (its bytes never leave WebCrypto). */
export function newSealingKey(subtle: SubtleCrypto = crypto.subtle): Promise<CryptoKey> {
  return subtle.generateKey({ name: ALGORITHM, length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function sealBytes(key: CryptoKey, bytes: ArrayBuffer | Uint8Array, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: ALGORITHM, iv, additionalData: encoder.encode(context) },
    key,
    bytes as BufferSource,
  );
  return { iv, data };
}

/** The bytes back; throws (`OperationError`) for another key, another context or altered data. */
export function openBytes(key: CryptoKey, sealed: Sealed, context: string): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt(
    { name: ALGORITHM, iv: sealed.iv as BufferSource, additionalData: encoder.encode(context) },
    key,
    sealed.data,
  );
}

export function sealJson(key: CryptoKey, value: unknown, context: string): Promise<Sealed> {
  return sealBytes(key, encoder.encode(JSON.stringify(value)), context);
}

export async function openJson<T>(key: CryptoKey, sealed: Sealed, context: string): Promise<T> {
  return JSON.parse(decoder.decode(await openBytes(key, sealed, context))) as T;
}
