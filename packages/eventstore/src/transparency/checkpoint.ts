import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed checkpoints in the text form of C2SP's tlog-checkpoint inside a C2SP signed note:
 *
 *   <origin>\n<tree size>\n<base64 root hash>\ntime <ISO 8601 UTC>\n\n— <key name> <base64(key id ‖ signature)>\n
 *
 * The signature is Ed25519 over the body (every line up to the blank line, with its newline);
 * the key id is the first 4 bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key). A verifier
 * pins the public key as a "vkey" line: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** When it was signed (an extension line; informative, covered by the signature). */
  time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The whole note, body and signature lines, as written to disk. */
  text: string;
}

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export function checkpointBody(checkpoint: Checkpoint): string {
  if (/[\n+\s]/.test(checkpoint.origin) || checkpoint.origin === '') {
    throw new RangeError('the log origin must be one non-empty word without "+" or spaces');
  }
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root.toString('base64')}\ntime ${checkpoint.time}\n`;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('the audit signing key must be Ed25519');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key line of `privateOrPublicKey` (PEM or KeyObject) under `name`. */
export function verifierKey(name: string, key: KeyObject | string): string {
  const keyObject = typeof key === 'string' ? createPublicKey(key) : createPublicKey(key);
  const raw = rawPublicKey(keyObject);
  return `${name}+${keyId(name, raw).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString('base64')}`;
}

interface ParsedVerifierKey {
  name: string;
  id: Buffer;
  key: KeyObject;
}

export function parseVerifierKey(vkey: string): ParsedVerifierKey {
  // name+keyid+key: the key's base64 may hold '+' itself, so only the first two separate.
  const text = vkey.trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  const name = first > 0 ? text.slice(0, first) : '';
  const idHex = second > first ? text.slice(first + 1, second) : '';
  const encoded = Buffer.from(second > first ? text.slice(second + 1) : '', 'base64');
  if (!name || !/^[0-9a-f]{8}$/.test(idHex) || encoded.length !== 33 || encoded[0] !== ED25519) {
    throw new RangeError('not an Ed25519 verifier key (name+keyid+base64key)');
  }
  const raw = encoded.subarray(1);
  const id = Buffer.from(idHex, 'hex');
  if (!id.equals(keyId(name, raw))) throw new RangeError('the verifier key id does not match its key');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return { name, id, key };
}

/** Signs a checkpoint with an Ed25519 private key (PEM); the key name is the origin. */
export function signCheckpoint(checkpoint: Checkpoint, privateKeyPem: string): SignedCheckpoint {
  const body = checkpointBody(checkpoint);
  const privateKey = createPrivateKey(privateKeyPem);
  const raw = rawPublicKey(createPublicKey(privateKey));
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey);
  const stamp = Buffer.concat([keyId(checkpoint.origin, raw), signature]).toString('base64');
  return { ...checkpoint, text: `${body}\n${SIGNATURE_PREFIX}${checkpoint.origin} ${stamp}\n` };
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Parses a signed checkpoint and checks its signature against the pinned verifier key. */
export function openCheckpoint(text: string, vkey: string): SignedCheckpoint {
  const verifier = parseVerifierKey(vkey);
  const split = text.indexOf('\n\n');
  if (split < 0) throw new CheckpointError('not a signed note: no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const signatures = text
    .slice(split + 2)
    .split('\n')
    .filter((line) => line !== '');
  const lines = body.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!origin || !sizeText || !/^\d{1,16}$/.test(sizeText) || !rootText) {
    throw new CheckpointError('not a checkpoint: origin, size and root hash lines expected');
  }
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText)
    throw new CheckpointError('root hash is not 32 bytes of base64');
  const time = extensions.find((line) => line.startsWith('time '))?.slice(5) ?? '';
  const signed = signatures.some((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) return false;
    const [name, stamp] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (name !== verifier.name || !stamp) return false;
    const bytes = Buffer.from(stamp, 'base64');
    if (bytes.length !== 68 || !bytes.subarray(0, 4).equals(verifier.id)) return false;
    return verify(null, Buffer.from(body, 'utf8'), verifier.key, bytes.subarray(4));
  });
  if (!signed) throw new CheckpointError(`no valid signature by ${verifier.name} (key ${verifier.id.toString('hex')})`);
  if (origin !== verifier.name)
    throw new CheckpointError(`checkpoint of log "${origin}", but the key is for "${verifier.name}"`);
  return { origin, size: Number(sizeText), root, time, text };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The short code an officer copies to paper or a message: size and the first 10 base32
 * characters (50 bits) of the root, e.g. `1000-MZXW6YTBOI`. Enough to notice a different
 * history later; the full checkpoint remains the proof.
 */
export const shortCode = (checkpoint: Pick<Checkpoint, 'size' | 'root'>): string =>
  `${checkpoint.size}-${base32(checkpoint.root).slice(0, 10)}`;
