/**
 * Checks in the browser, with WebCrypto only, that an event the audit explorer shows is in the
 * signed audit log (packages/eventstore/TRANSPARENCY.md): the leaf is rebuilt from the fields
 * the server sent and compared with the event on screen, its hash (SHA-256(0x00 ‖ canonical
 * JSON)) is walked up the inclusion proof (RFC 9162 §2.1.3.2) to the root of the latest signed
 * checkpoint, and the checkpoint's Ed25519 signature is checked where the browser can.
 * Pure: no fetching, no UI. Shares its test vectors with the server side
 * (packages/eventstore/test/audit-log-vectors.json).
 */

export interface LogLeaf {
  v: 1;
  logPosition: string;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
  actor: { userId: string; role: string; regionCode: string } | null;
  hash: string;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  time: string;
  /** The signed text: every line before the blank line, each with its newline. */
  body: string;
  signatures: { name: string; stamp: Uint8Array }[];
}

export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

const encoder = new TextEncoder();

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

export function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(text)) throw new RangeError('not hex');
  const out = new Uint8Array(text.length / 2);
  for (let index = 0; index < out.length; index += 1) out[index] = parseInt(text.slice(index * 2, index * 2 + 2), 16);
  return out;
}

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A copy in an ArrayBuffer of its own, as WebCrypto's types want. */
const own = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Parses a C2SP signed note holding a tlog-checkpoint; does not check the signature. */
export function parseCheckpoint(text: string): Checkpoint {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new CheckpointFormatError('no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const [origin, sizeText, rootText, ...extensions] = body.slice(0, -1).split('\n');
  if (!origin || !sizeText || !/^\d{1,16}$/.test(sizeText) || !rootText) {
    throw new CheckpointFormatError('origin, size and root lines expected');
  }
  let root: Uint8Array;
  try {
    root = fromBase64(rootText);
  } catch {
    throw new CheckpointFormatError('root is not base64');
  }
  if (root.length !== 32) throw new CheckpointFormatError('root is not 32 bytes');
  const signatures = text
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .flatMap((line) => {
      const [name, stamp] = line.slice(2).split(' ');
      try {
        return name && stamp ? [{ name, stamp: fromBase64(stamp) }] : [];
      } catch {
        return [];
      }
    });
  const time = extensions.find((line) => line.startsWith('time '))?.slice(5) ?? '';
  return { origin, size: Number(sizeText), root, time, body, signatures };
}

/** A verifier key line `name+keyid+base64(0x01 ‖ key)`: its name, key id and raw Ed25519 key. */
export function parseVerifierKey(vkey: string): { name: string; keyId: Uint8Array; publicKey: Uint8Array } {
  const text = vkey.trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  const name = first > 0 ? text.slice(0, first) : '';
  const idHex = second > first ? text.slice(first + 1, second) : '';
  const encoded = second > first ? fromBase64(text.slice(second + 1)) : new Uint8Array();
  if (!name || !/^[0-9a-f]{8}$/.test(idHex) || encoded.length !== 33 || encoded[0] !== 1) {
    throw new CheckpointFormatError('not an Ed25519 verifier key');
  }
  return { name, keyId: fromHex(idHex), publicKey: encoded.subarray(1) };
}

async function sha256(subtle: SubtleCrypto, ...parts: (Uint8Array | number[])[]): Promise<Uint8Array> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await subtle.digest('SHA-256', joined));
}

/**
 * The result of the signature check: `unsupported` when this browser's WebCrypto has no
 * Ed25519 (then the root is still compared, but the page must say the signature was not checked).
 */
export type SignatureCheck = 'verified' | 'invalid' | 'unsupported';

export async function checkSignature(
  checkpoint: Checkpoint,
  vkey: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<SignatureCheck> {
  const key = parseVerifierKey(vkey);
  // The key id binds the name to the key: SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[0..4].
  const id = (await sha256(subtle, encoder.encode(`${key.name}\n`), [1], key.publicKey)).subarray(0, 4);
  if (!equalBytes(id, key.keyId) || checkpoint.origin !== key.name) return 'invalid';
  let imported: CryptoKey;
  try {
    imported = await subtle.importKey('raw', own(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  for (const signature of checkpoint.signatures) {
    if (signature.name !== key.name || signature.stamp.length !== 68) continue;
    if (!equalBytes(signature.stamp.subarray(0, 4), key.keyId)) continue;
    const ok = await subtle.verify(
      { name: 'Ed25519' },
      imported,
      own(signature.stamp.subarray(4)),
      encoder.encode(checkpoint.body),
    );
    if (ok) return 'verified';
  }
  return 'invalid';
}

/** The leaf's canonical JSON: keys sorted at every depth, no whitespace (TRANSPARENCY.md "Leaf"). */
export function leafText(leaf: LogLeaf): string {
  const s = JSON.stringify;
  const actor = leaf.actor
    ? `{"regionCode":${s(leaf.actor.regionCode)},"role":${s(leaf.actor.role)},"userId":${s(leaf.actor.userId)}}`
    : 'null';
  return (
    `{"actor":${actor},"eventId":${s(leaf.eventId)},"hash":${s(leaf.hash)},"logPosition":${s(leaf.logPosition)},` +
    `"recordedAt":${s(leaf.recordedAt)},"revision":${s(leaf.revision)},"streamId":${s(leaf.streamId)},` +
    `"type":${s(leaf.type)},"v":${s(leaf.v)}}`
  );
}

export const leafHash = (leaf: LogLeaf, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<Uint8Array> =>
  sha256(subtle, [0], encoder.encode(leafText(leaf)));

/** RFC 9162 §2.1.3.2: whether `proof` leads from leaf `index`'s hash to `root` in a tree of `size`. */
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(subtle, [1], p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(subtle, [1], r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/** What the explorer shows of an event, to hold against its leaf. */
export interface ShownEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  actor: { userId: string; role: string };
}

/** A proof item of `GET /v1/reports/audit/proofs`. */
export interface LeafProof {
  eventId: string;
  leaf: LogLeaf;
  leafIndex: number;
  leafHash: string;
  proof: string[];
}

export type EventCheck =
  | { status: 'verified' }
  /** Not in the checkpointed tree (yet), or no proof was given for it. */
  | { status: 'pending' }
  | { status: 'failed'; reason: 'leaf_differs' | 'hash_differs' | 'path_broken' | 'signature' };

/**
 * Checks one shown event against the checkpoint: the leaf names the event as shown (id, type,
 * stream, revision, actor), its hash is the one the server claims, and its path leads to the
 * checkpoint's root. A tampered event fails here even if the server's answer was made from
 * the tampered row, because the stored tree still leads only to the signed root.
 */
export async function checkShownEvent(
  shown: ShownEvent,
  item: LeafProof | undefined,
  checkpoint: Pick<Checkpoint, 'size' | 'root'>,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<EventCheck> {
  if (!item) return { status: 'pending' };
  const { leaf } = item;
  const same =
    leaf.eventId === shown.eventId &&
    leaf.type === shown.type &&
    leaf.streamId === shown.streamId &&
    leaf.revision === shown.revision &&
    (leaf.actor?.userId ?? null) === shown.actor.userId &&
    (leaf.actor?.role ?? null) === shown.actor.role;
  if (!same) return { status: 'failed', reason: 'leaf_differs' };
  const hash = await leafHash(leaf, subtle);
  if (toHex(hash) !== item.leafHash.toLowerCase()) return { status: 'failed', reason: 'hash_differs' };
  const path = item.proof.map(fromHex);
  const ok = await verifyInclusion(hash, item.leafIndex, checkpoint.size, path, checkpoint.root, subtle);
  return ok ? { status: 'verified' } : { status: 'failed', reason: 'path_broken' };
}

/**
 * The checkpoint's short code as the monthly report prints it: size, a dash, and the first 10
 * characters of the RFC 4648 base32 of the root (TRANSPARENCY.md "Checkpoint").
 */
export function shortCode(checkpoint: Pick<Checkpoint, 'size' | 'root'>): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of checkpoint.root.subarray(0, 7)) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let index = 0; index < 50; index += 5) out += alphabet[parseInt(bits.slice(index, index + 5), 2)];
  return `${checkpoint.size}-${out}`;
}
