import { describe, expect, it } from 'vitest';
import vectors from '../../../../packages/eventstore/test/audit-log-vectors.json' with { type: 'json' };
import {
  checkShownEvent,
  checkSignature,
  fromBase64,
  fromHex,
  leafHash,
  leafText,
  parseCheckpoint,
  shortCode,
  toHex,
  verifyInclusion,
  type LogLeaf,
} from './log-proof.ts';

// The same vectors the server side checks (packages/eventstore/test/transparency-vectors.test.ts).
const leaves = vectors.leaves as { leaf: LogLeaf; text: string; leafHash: string }[];

describe('the console verifier of the audit log (WebCrypto)', () => {
  it('writes each leaf as the server does and hashes it alike', async () => {
    for (const vector of leaves) {
      expect(leafText(vector.leaf)).toBe(vector.text);
      expect(toHex(await leafHash(vector.leaf))).toBe(vector.leafHash);
    }
  });

  it('verifies every inclusion proof of the vectors and refuses a wrong leaf, index or root', async () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusion) {
      const hash = fromHex(leaves[leafIndex]?.leafHash ?? '');
      const root = fromHex(vectors.roots[treeSize] ?? '');
      const path = proof.map(fromHex);
      expect(await verifyInclusion(hash, leafIndex, treeSize, path, root), `${leafIndex}/${treeSize}`).toBe(true);
      const other = fromHex(leaves[(leafIndex + 1) % 7]?.leafHash ?? '');
      expect(await verifyInclusion(other, leafIndex, treeSize, path, root)).toBe(false);
      expect(await verifyInclusion(hash, treeSize, treeSize, path, root)).toBe(false);
      expect(await verifyInclusion(hash, leafIndex, treeSize, path, fromHex(vectors.roots[0] ?? ''))).toBe(false);
    }
  });

  it('opens the signed checkpoint, checks its Ed25519 signature and refuses a forged root', async () => {
    const checkpoint = parseCheckpoint(vectors.checkpoint.note);
    expect(checkpoint.size).toBe(7);
    expect(toHex(checkpoint.root)).toBe(vectors.roots[7]);
    // Node's WebCrypto has Ed25519 (as do current Chromium and Firefox).
    expect(await checkSignature(checkpoint, vectors.checkpoint.vkey)).toBe('verified');
    expect(await checkSignature(parseCheckpoint(vectors.forgedNote), vectors.checkpoint.vkey)).toBe('invalid');
    expect(shortCode(checkpoint)).toBe(vectors.checkpoint.shortCode);
  });

  it('says "signature not checked" when the browser has no Ed25519, and still compares the root', async () => {
    const subtle = globalThis.crypto.subtle;
    const withoutEd25519 = {
      digest: subtle.digest.bind(subtle),
      importKey: () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')),
    } as unknown as SubtleCrypto;
    const checkpoint = parseCheckpoint(vectors.checkpoint.note);
    expect(await checkSignature(checkpoint, vectors.checkpoint.vkey, withoutEd25519)).toBe('unsupported');
  });

  it('checks a shown event against its leaf and proof, and names what differs', async () => {
    const checkpoint = parseCheckpoint(vectors.checkpoint.note);
    const vector = leaves[2] as (typeof leaves)[number];
    const proof = vectors.inclusion.find((p) => p.treeSize === 7 && p.leafIndex === 2)?.proof ?? [];
    const item = { eventId: vector.leaf.eventId, leaf: vector.leaf, leafIndex: 2, leafHash: vector.leafHash, proof };
    const shown = {
      eventId: vector.leaf.eventId,
      type: vector.leaf.type,
      streamId: vector.leaf.streamId,
      revision: vector.leaf.revision,
      actor: { userId: vector.leaf.actor?.userId ?? '', role: vector.leaf.actor?.role ?? '' },
    };
    expect(await checkShownEvent(shown, item, checkpoint)).toEqual({ status: 'verified' });
    expect(await checkShownEvent(shown, undefined, checkpoint)).toEqual({ status: 'pending' });
    expect(await checkShownEvent({ ...shown, type: 'ProposalApproved' }, item, checkpoint)).toMatchObject({
      reason: 'leaf_differs',
    });
    // A leaf rewritten with its hash recomputed (a tampered row): the path no longer reaches the root.
    const rewritten = { ...vector.leaf, actor: { userId: 'someone-else', role: 'operator_desa', regionCode: '52' } };
    const rewrittenItem = { ...item, leaf: rewritten, leafHash: toHex(await leafHash(rewritten)) };
    expect(
      await checkShownEvent(
        { ...shown, actor: { userId: 'someone-else', role: 'operator_desa' } },
        rewrittenItem,
        checkpoint,
      ),
    ).toEqual({ status: 'failed', reason: 'path_broken' });
    expect(await checkShownEvent(shown, { ...item, leafHash: leaves[3]?.leafHash ?? '' }, checkpoint)).toMatchObject({
      reason: 'hash_differs',
    });
    expect(fromBase64(vectors.checkpoint.rootBase64)).toEqual(checkpoint.root);
  });
});
