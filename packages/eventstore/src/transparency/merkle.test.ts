import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  nodeHash,
  perfectNodesOf,
  rootOfLeaves,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaves = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));

/** RFC 9162 §2.1.1 MTH written out as the definition reads: the naive recomputation. */
function naiveRoot(items: readonly Buffer[]): Buffer {
  if (items.length === 0) return sha();
  if (items.length === 1) return items[0] as Buffer;
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  return sha(Buffer.from([1]), naiveRoot(items.slice(0, k)), naiveRoot(items.slice(k)));
}

describe('RFC 9162 hashing', () => {
  it('hashes leaves and nodes with their domain prefixes', () => {
    expect(leafHash('abc')).toEqual(sha(Buffer.from([0]), Buffer.from('abc')));
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(nodeHash(a, b)).toEqual(sha(Buffer.from([1]), a, b));
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('builds the trees of sizes 1..8 as written out by hand', () => {
    const [a, b, c, d, e, f, g, h] = leaves(8) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
    const N = nodeHash;
    const expected = [
      a,
      N(a, b),
      N(N(a, b), c),
      N(N(a, b), N(c, d)),
      N(N(N(a, b), N(c, d)), e),
      N(N(N(a, b), N(c, d)), N(e, f)),
      N(N(N(a, b), N(c, d)), N(N(e, f), g)),
      N(N(N(a, b), N(c, d)), N(N(e, f), N(g, h))),
    ];
    for (let n = 1; n <= 8; n += 1) expect(rootOfLeaves(leaves(n))).toEqual(expected[n - 1]);
    // Inclusion of leaf d (index 3) in the tree of 7: siblings c, ab, then efg.
    expect(inclusionProof(perfectNodesOf(leaves(7)), 3, 7)).toEqual([c, N(a, b), N(N(e, f), g)]);
    // RFC 9162 §2.1.5's example: consistency of 3 (root of a,b,c) with 7 is c, d, ab, efg.
    expect(consistencyProof(perfectNodesOf(leaves(7)), 3, 7)).toEqual([c, d, N(a, b), N(N(e, f), g)]);
    // From 4 (a power of two) the old root itself is not sent: efg only.
    expect(consistencyProof(perfectNodesOf(leaves(7)), 4, 7)).toEqual([N(N(e, f), g)]);
  });

  it('matches the naive recomputation and proves every leaf of random sizes', () => {
    for (const n of [1, 2, 3, 5, 9, 16, 17, 31, 64, 100, 257, 1000]) {
      const items = leaves(n);
      const nodes = perfectNodesOf(items);
      const root = rootOfLeaves(items);
      expect(root).toEqual(naiveRoot(items));
      const frontier = new MerkleFrontier();
      for (const item of items) frontier.add(item);
      expect(frontier.root()).toEqual(root);
      for (let m = 0; m < n; m += Math.max(1, Math.floor(n / 37))) {
        const proof = inclusionProof(nodes, m, n);
        expect(verifyInclusion(items[m] as Buffer, m, n, proof, root)).toBe(true);
        expect(verifyInclusion(items[m] as Buffer, m, n, proof, randomBytes(32))).toBe(false);
        expect(verifyInclusion(leafHash('other'), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(items[m] as Buffer, (m + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(items[m] as Buffer, m, n, [...proof, randomBytes(32)], root)).toBe(false);
      }
    }
  });

  it('proves consistency between every pair of sizes up to 40, and refuses a forked history', () => {
    const items = leaves(40);
    const nodes = perfectNodesOf(items);
    for (let n = 1; n <= 40; n += 1) {
      const newRoot = naiveRoot(items.slice(0, n));
      for (let m = 1; m <= n; m += 1) {
        const oldRoot = naiveRoot(items.slice(0, m));
        const proof = consistencyProof(nodes, m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof), `${m}→${n}`).toBe(true);
        if (m < n) {
          // The same sizes, but the old tree had a different leaf: a fork.
          const forked = [...items.slice(0, m)];
          forked[m - 1] = leafHash('forged');
          expect(verifyConsistency(m, n, naiveRoot(forked), newRoot, proof), `fork ${m}→${n}`).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(1)), `short ${m}→${n}`).toBe(false);
        }
      }
    }
    expect(verifyConsistency(0, 5, EMPTY_ROOT, naiveRoot(items.slice(0, 5)), [])).toBe(true);
  });
});
