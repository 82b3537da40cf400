import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 over a list of leaves: leaf = SHA-256(0x00 ‖ leaf data),
 * node = SHA-256(0x01 ‖ left ‖ right), and the hash of n > 1 leaves splits them at the largest
 * power of two below n. Pure functions, no database: the verifiers use them as they are.
 */

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

export function leafHash(leafData: Buffer | string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafData).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two strictly below `n` (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Exact for every size below 2^53 (powers of two are exact doubles). */
const isPowerOfTwo = (n: number): boolean => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

/**
 * A source of the hashes of complete subtrees: `(level, index)` is the root of leaves
 * [index·2^level, (index+1)·2^level). Level 0 is the leaf hashes.
 */
export type PerfectNodes = (level: number, index: number) => Buffer;

/**
 * MTH(D[start:end]) for a range that occurs in the tree's recursion (its start is a multiple of
 * the power of two at or above its size), built from complete subtrees only: O(log n) lookups.
 */
export function rangeHash(nodes: PerfectNodes, start: number, end: number): Buffer {
  const size = end - start;
  if (size <= 0) throw new RangeError(`empty range ${start}..${end}`);
  if (isPowerOfTwo(size) && start % size === 0) return nodes(Math.log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(rangeHash(nodes, start, start + k), rangeHash(nodes, start + k, end));
}

/** The complete subtrees `rangeHash(start, end)` reads, as [level, index] pairs. */
export function rangeNodes(start: number, end: number, into: [number, number][] = []): [number, number][] {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) {
    into.push([Math.log2(size), start / size]);
    return into;
  }
  const k = splitPoint(size);
  rangeNodes(start, start + k, into);
  rangeNodes(start + k, end, into);
  return into;
}

/**
 * The right edge of a growing tree: one complete subtree per set bit of the size, so the root of
 * everything added so far costs O(log n) memory and work (RFC 9162's MTH folded from the right).
 */
export class MerkleFrontier {
  private readonly levels: (Buffer | undefined)[] = [];
  size = 0;

  add(leaf: Buffer): void {
    let carry = leaf;
    let level = 0;
    for (let count = this.size; count % 2 === 1; count = Math.floor(count / 2)) {
      carry = nodeHash(this.levels[level] as Buffer, carry);
      this.levels[level] = undefined;
      level += 1;
    }
    this.levels[level] = carry;
    this.size += 1;
  }

  root(): Buffer {
    let root: Buffer | undefined;
    for (const hash of this.levels) if (hash) root = root ? nodeHash(hash, root) : hash;
    return root ?? EMPTY_ROOT;
  }
}

/** The root of a whole list of leaf hashes (a naive recomputation; O(n) memory). */
export function rootOfLeaves(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  return rangeHash(perfectNodesOf(leaves), 0, leaves.length);
}

/**
 * Every complete subtree of a list of leaf hashes, level by level (levels[l][i] covers leaves
 * [i·2^l, (i+1)·2^l)), as a `PerfectNodes` source: 2n hashes, built once.
 */
export function perfectNodesOf(leaves: readonly Buffer[]): PerfectNodes {
  const levels: Buffer[][] = [leaves as Buffer[]];
  for (let below = levels[0] as Buffer[]; below.length >= 2; ) {
    const level: Buffer[] = [];
    for (let index = 0; index + 1 < below.length; index += 2) {
      level.push(nodeHash(below[index] as Buffer, below[index + 1] as Buffer));
    }
    levels.push(level);
    below = level;
  }
  return (level, index) => {
    const hash = levels[level]?.[index];
    if (!hash) throw new RangeError(`no complete subtree at level ${level} index ${index}`);
    return hash;
  };
}

/** The ranges whose hashes form the inclusion proof of leaf `m` in a tree of `n` (RFC 9162 §2.1.3.1), leaf-side first. */
export function inclusionRanges(m: number, n: number): [number, number][] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  const path: [number, number][] = [];
  const walk = (index: number, start: number, end: number): void => {
    if (end - start === 1) return;
    const k = splitPoint(end - start);
    if (index < start + k) {
      walk(index, start, start + k);
      path.push([start + k, end]);
    } else {
      walk(index, start + k, end);
      path.push([start, start + k]);
    }
  };
  walk(m, 0, n);
  return path;
}

/** The ranges whose hashes form the consistency proof from size `m` to size `n` (RFC 9162 §2.1.4.1). */
export function consistencyRanges(m: number, n: number): [number, number][] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`no consistency proof from size ${m} to ${n}`);
  const proof: [number, number][] = [];
  if (m === 0 || m === n) return proof;
  const sub = (size: number, start: number, end: number, whole: boolean): void => {
    if (start + size === end) {
      if (!whole) proof.push([start, end]);
      return;
    }
    const k = splitPoint(end - start);
    if (size <= k) {
      sub(size, start, start + k, whole);
      proof.push([start + k, end]);
    } else {
      sub(size - k, start + k, end, false);
      proof.push([start, start + k]);
    }
  };
  sub(m, 0, n, true);
  return proof;
}

export const inclusionProof = (nodes: PerfectNodes, m: number, n: number): Buffer[] =>
  inclusionRanges(m, n).map(([start, end]) => rangeHash(nodes, start, end));

export const consistencyProof = (nodes: PerfectNodes, m: number, n: number): Buffer[] =>
  consistencyRanges(m, n).map(([start, end]) => rangeHash(nodes, start, end));

/** RFC 9162 §2.1.3.2: does `proof` lead from the leaf hash at `index` to `root` of a tree of `size`? */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `second` leaves extends the tree of `first` leaves? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!(first >= 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
