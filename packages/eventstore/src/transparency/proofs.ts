import type { Queryable } from '@siks/pg';
import { COLUMNS, toRecordedEvent, type EventRow } from '../postgres/read.ts';
import { hashLeaf, leafOfEvent, type LogLeaf } from './leaf.ts';
import {
  EMPTY_ROOT,
  consistencyRanges,
  inclusionRanges,
  rangeHash,
  rangeNodes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import { loadNodes, nodesFromMap, readTreeHead } from './tree-store.ts';

/** Proof that one event is leaf `leafIndex` of the tree of `treeSize` leaves with root `root`. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leaf: LogLeaf;
  /** Hex, like every hash here. */
  leafHash: string;
  proof: string[];
  root: string;
}

export interface ConsistencyProof {
  first: number;
  second: number;
  firstRoot: string;
  secondRoot: string;
  proof: string[];
}

export class ProofError extends Error {
  override name = 'ProofError';
}

async function treeSizeFor(db: Queryable, requested: number | undefined): Promise<number> {
  const head = await readTreeHead(db);
  const size = requested ?? head.size;
  if (!Number.isSafeInteger(size) || size < 0 || size > head.size) {
    throw new ProofError(`tree size ${size} is beyond the tree (${head.size} leaves)`);
  }
  return size;
}

/** Hashes of the given ranges, from the stored complete subtrees (one query). */
export async function rangeHashes(db: Queryable, ranges: readonly [number, number][]): Promise<Buffer[]> {
  const wanted: [number, number][] = [];
  for (const [start, end] of ranges) rangeNodes(start, end, wanted);
  const nodes = nodesFromMap(await loadNodes(db, wanted));
  return ranges.map(([start, end]) => rangeHash(nodes, start, end));
}

/** The root of the first `size` leaves, from the stored tree. */
export async function storedRoot(db: Queryable, size: number): Promise<Buffer> {
  return size === 0 ? EMPTY_ROOT : ((await rangeHashes(db, [[0, size]]))[0] as Buffer);
}

/**
 * The inclusion proof of an event (by its global position or its event id) in the tree of
 * `treeSize` leaves (default: the whole stored tree). The leaf is rebuilt from the event as it
 * is stored now, so a proof of a changed event does not verify.
 */
export async function proveInclusion(
  db: Queryable,
  target: { position: number | string } | { eventId: string },
  treeSize?: number,
): Promise<InclusionProof> {
  const size = await treeSizeFor(db, treeSize);
  const byPosition = 'position' in target;
  const found = (
    await db.query<{ leaf_index: string; position: string }>(
      // By event id through the events' own unique index: the leaves keep no second copy of it.
      byPosition
        ? 'SELECT leaf_index, position FROM audit_log.leaves WHERE position = $1::bigint'
        : `SELECT l.leaf_index, l.position FROM eventstore.events e
             JOIN audit_log.leaves l ON l.position = e.position WHERE e.event_id = $1::uuid`,
      [byPosition ? String(target.position) : target.eventId],
    )
  ).rows[0];
  if (!found) throw new ProofError(`the event is not in the audit tree (yet)`);
  const leafIndex = Number(found.leaf_index);
  if (leafIndex >= size) throw new ProofError(`the event is leaf ${leafIndex}, beyond a tree of ${size}`);
  const row = (
    await db.query<EventRow>(`SELECT ${COLUMNS} FROM eventstore.events WHERE position = $1`, [found.position])
  ).rows[0];
  if (!row) throw new ProofError(`leaf ${leafIndex}: its event (position ${found.position}) is gone from the log`);
  const leaf = leafOfEvent(toRecordedEvent(row));
  const ranges = inclusionRanges(leafIndex, size);
  const [root, ...proof] = await rangeHashes(db, [[0, size], ...ranges]);
  return {
    leafIndex,
    treeSize: size,
    leaf,
    leafHash: hashLeaf(leaf).toString('hex'),
    proof: proof.map((hash) => hash.toString('hex')),
    root: (root as Buffer).toString('hex'),
  };
}

/** The consistency proof that the tree of `second` leaves extends the tree of `first` leaves. */
export async function proveConsistency(db: Queryable, first: number, second?: number): Promise<ConsistencyProof> {
  const size = await treeSizeFor(db, second);
  if (!Number.isSafeInteger(first) || first < 0 || first > size)
    throw new ProofError(`no proof from ${first} to ${size}`);
  const proof = await rangeHashes(db, consistencyRanges(first, size));
  return {
    first,
    second: size,
    firstRoot: (await storedRoot(db, first)).toString('hex'),
    secondRoot: (await storedRoot(db, size)).toString('hex'),
    proof: proof.map((hash) => hash.toString('hex')),
  };
}

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

/** Checks an inclusion proof without the database: the leaf hashes to `leafHash`, and the path leads to `root`. */
export function checkInclusionProof(proof: InclusionProof, trustedRoot?: Buffer): boolean {
  const leaf = hashLeaf(proof.leaf);
  if (leaf.toString('hex') !== proof.leafHash) return false;
  const root = trustedRoot ?? hex(proof.root);
  return verifyInclusion(leaf, proof.leafIndex, proof.treeSize, proof.proof.map(hex), root);
}

/** Checks a consistency proof without the database, against roots the caller trusts (from checkpoints). */
export function checkConsistencyProof(proof: ConsistencyProof, firstRoot: Buffer, secondRoot: Buffer): boolean {
  return verifyConsistency(proof.first, proof.second, firstRoot, secondRoot, proof.proof.map(hex));
}
