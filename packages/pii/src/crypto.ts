import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PiiIntegrityError } from './errors.ts';
import { DEFAULT_FIELD, type Sealed } from './sealed.ts';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

/** Decodes a 32-byte key given as base64 in configuration; the error names the setting, never the value. */
export function decodeKey(base64: string, settingName: string): Buffer {
  const text = base64.trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== KEY_BYTES) {
    throw new Error(`${settingName} must be ${KEY_BYTES} bytes encoded as base64`);
  }
  return key;
}

/** Random bytes for keys and IVs (`randomBytes`, or a buffered source such as `createEntropy()`). */
export type RandomSource = (bytes: number) => Buffer;

export function newDataKey(random: RandomSource = randomBytes): Buffer {
  return random(KEY_BYTES);
}

const keyAad = (subjectId: string, version: number) => Buffer.from(`siks.pii.dek.v1\u0000${version}\u0000${subjectId}`);
/** Version 1 (read only): the subject alone. Version 2: the subject and the field. */
const valueAadV1 = (subjectId: string) => Buffer.from(`siks.pii.value.v1\u0000${subjectId}`);
const valueAadV2 = (subjectId: string, field: string) =>
  Buffer.from(`siks.pii.value.v2\u0000${subjectId}\u0000${field}`);
const blobAad = (subjectId: string, field: string) => Buffer.from(`siks.pii.blob.v1\u0000${subjectId}\u0000${field}`);
/** Marks a sealed blob (file): `SKB1` || iv || tag || ciphertext. */
const BLOB_MAGIC = Buffer.from('SKB1');

/** iv || tag || ciphertext of the data key, bound to its subject and master-key version. */
export function wrapDataKey(
  masterKey: Buffer,
  version: number,
  subjectId: string,
  dataKey: Buffer,
  random: RandomSource = randomBytes,
): Buffer {
  const iv = random(IV_BYTES);
  const cipher = createCipheriv(CIPHER, masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(keyAad(subjectId, version));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unwrapDataKey(masterKey: Buffer, version: number, subjectId: string, wrapped: Buffer): Buffer {
  try {
    const decipher = createDecipheriv(CIPHER, masterKey, wrapped.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(keyAad(subjectId, version));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const key = Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    if (key.length !== KEY_BYTES) throw new Error('unexpected data key length');
    return key;
  } catch (error) {
    throw new PiiIntegrityError('key_unwrap_failed', { cause: error });
  }
}

export function checkField(field: string): void {
  if (!/^[a-z][a-zA-Z0-9_.]{0,63}$/.test(field)) throw new TypeError('pii: field must match [a-z][a-zA-Z0-9_.]*');
}

export function encryptValue(
  dataKey: Buffer,
  subjectId: string,
  json: string,
  random: RandomSource = randomBytes,
  field: string = DEFAULT_FIELD,
): Sealed {
  checkField(field);
  const iv = random(IV_BYTES);
  const cipher = createCipheriv(CIPHER, dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(valueAadV2(subjectId, field));
  const ct = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return {
    $sealed: 2,
    sub: subjectId,
    f: field,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function decryptValue(dataKey: Buffer, sealed: Sealed): unknown {
  let json: string;
  try {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('bad nonce or tag length');
    const decipher = createDecipheriv(CIPHER, dataKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(sealed.$sealed === 2 ? valueAadV2(sealed.sub, sealed.f ?? '') : valueAadV1(sealed.sub));
    decipher.setAuthTag(tag);
    json = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new PiiIntegrityError('authentication_failed', { cause: error });
  }
  return JSON.parse(json) as unknown;
}

/** Seals a file's bytes for a subject and field: `SKB1` || iv || tag || ciphertext. */
export function encryptBytes(
  dataKey: Buffer,
  subjectId: string,
  field: string,
  bytes: Buffer,
  random: RandomSource = randomBytes,
): Buffer {
  checkField(field);
  const iv = random(IV_BYTES);
  const cipher = createCipheriv(CIPHER, dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(blobAad(subjectId, field));
  const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return Buffer.concat([BLOB_MAGIC, iv, cipher.getAuthTag(), body]);
}

export function isSealedBytes(bytes: Buffer): boolean {
  return bytes.length >= BLOB_MAGIC.length + IV_BYTES + TAG_BYTES && bytes.subarray(0, 4).equals(BLOB_MAGIC);
}

export function decryptBytes(dataKey: Buffer, subjectId: string, field: string, sealed: Buffer): Buffer {
  try {
    if (!isSealedBytes(sealed)) throw new Error('not a sealed blob');
    const at = BLOB_MAGIC.length;
    const decipher = createDecipheriv(CIPHER, dataKey, sealed.subarray(at, at + IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(blobAad(subjectId, field));
    decipher.setAuthTag(sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(at + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new PiiIntegrityError('authentication_failed', { cause: error });
  }
}
