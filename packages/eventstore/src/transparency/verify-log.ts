import type { Queryable } from '@siks/pg';
import type { Checkpoint } from './checkpoint.ts';
import { describeLeaf, hashLeaf, type LogLeaf } from './leaf.ts';
import { MerkleFrontier, nodeHash, perfectNodesOf, rangeHash, splitPoint } from './merkle.ts';
import { rangeHashes } from './proofs.ts';
import { readLeaves } from './read-leaves.ts';

export type LogVerification =
  | { ok: true; size: number }
  | {
      ok: false;
      /** What broke, for a person: names the leaf (stream, revision, position) where it can. */
      problem: string;
      /** The first leaf that differs from the checkpoint, where it could be found. */
      leafIndex?: number;
    };

export interface VerifyLogOptions {
  pageSize?: number;
  /** Older checkpoints of the same log (already signature-checked), to narrow a mismatch down. */
  earlier?: readonly Pick<Checkpoint, 'size' | 'root'>[];
}

type LeafLabel = Pick<LogLeaf, 'streamId' | 'revision' | 'logPosition'>;

/**
 * Recomputes the Merkle root of the first `checkpoint.size` events of the global log, read in
 * committed order below the read horizon exactly as the tree was built, and compares it with
 * the signed root. Trusts nothing in the database but the events: the stored tree
 * (`audit_log`) is only used to find *where* the log differs, and only as far as its nodes
 * hash up to the signed root.
 */
export async function verifyLogAgainstCheckpoint(
  db: Queryable,
  checkpoint: Pick<Checkpoint, 'size' | 'root'>,
  options: VerifyLogOptions = {},
): Promise<LogVerification> {
  const pageSize = options.pageSize ?? 5_000;
  const size = checkpoint.size;
  // Compact on purpose: a million leaves are 32 MB of hashes and 16 MB of positions here.
  const hashBytes = Buffer.alloc(size * 32);
  const xids = new Float64Array(size);
  const positions = new Float64Array(size);
  const frontier = new MerkleFrontier();
  let count = 0;
  let after = '';
  while (count < size) {
    const leaves = await readLeaves(db, after, Math.min(pageSize, size - count));
    for (const leaf of leaves) {
      const hash = hashLeaf(leaf);
      hash.copy(hashBytes, count * 32);
      const [xid, position] = leaf.logPosition.split(':');
      xids[count] = Number(xid);
      positions[count] = Number(position);
      frontier.add(hash);
      count += 1;
    }
    if (leaves.length === 0) break;
    after = leaves.at(-1)?.logPosition ?? after;
  }
  if (count === size && frontier.root().equals(checkpoint.root)) return { ok: true, size };

  const hashes = Array.from({ length: count }, (_, index) => hashBytes.subarray(index * 32, index * 32 + 32));
  const shorter = count < size ? `log shorter than checkpoint: ${count} < ${size}` : undefined;
  const located = await locateFirstDifference(db, hashes, checkpoint);
  if (typeof located === 'number') {
    const here =
      located < count ? await leafLabel(db, xids[located] as number, positions[located] as number) : undefined;
    const what = here
      ? `${describeLeaf(located, here)} differs from the checkpoint`
      : `leaf ${located} is missing from the log`;
    const was = await checkpointedLeaf(db, located);
    const same = was && here && was.streamId === here.streamId && was.revision === here.revision;
    const note = was && !same ? `; ${was.text}` : '';
    return { ok: false, leafIndex: located, problem: [shorter, `${what}${note}`].filter(Boolean).join('; ') };
  }
  const mine = perfectNodesOf(hashes);
  const matching = [...(options.earlier ?? [])]
    .filter((earlier) => earlier.size > 0 && earlier.size < size && earlier.size <= count)
    .sort((a, b) => b.size - a.size)
    .find((earlier) => rangeHash(mine, 0, earlier.size).equals(earlier.root));
  const narrowed = matching
    ? `the first ${matching.size} leaves still match the checkpoint of that size, so the change lies in leaves ${matching.size}..${size - 1}`
    : 'no earlier checkpoint matches either, so the change may lie anywhere from leaf 0';
  return {
    ok: false,
    problem: [
      shorter,
      `root mismatch for the first ${size} leaves (the stored tree does not lead to the signed root either: rewritten too); ${narrowed}`,
    ]
      .filter(Boolean)
      .join('; '),
  };
}

/** Stream and revision of the event now at a leaf (read again: the walk keeps positions only). */
async function leafLabel(db: Queryable, xid: number, position: number): Promise<LeafLabel> {
  const { rows } = await db.query<{ stream_id: string; revision: string }>(
    'SELECT stream_id, revision FROM eventstore.events WHERE position = $1',
    [position],
  );
  return {
    streamId: rows[0]?.stream_id ?? '?',
    revision: rows[0] ? Number(rows[0].revision) : -1,
    logPosition: `${xid}:${position}`,
  };
}

/**
 * What the stored tree says the checkpointed leaf was. Its hash is authenticated (the descent
 * checked it against the signed root); these columns are not, so they are only a hint.
 */
async function checkpointedLeaf(
  db: Queryable,
  leafIndex: number,
): Promise<{ streamId: string; revision: number; text: string } | undefined> {
  try {
    const { rows } = await db.query<{ position: string; stream_id: string; revision: string }>(
      'SELECT position, stream_id, revision FROM audit_log.leaves WHERE leaf_index = $1',
      [leafIndex],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      streamId: row.stream_id,
      revision: Number(row.revision),
      text: `the checkpointed leaf was stream ${row.stream_id} revision ${row.revision} at position ${row.position}`,
    };
  } catch {
    return undefined;
  }
}

/**
 * Walks down from the signed root along the stored tree, checking at every step that the two
 * stored children hash to the (already authenticated) parent, into the first child whose
 * recomputed hash differs. Returns the first differing leaf, or 'unauthenticated' when the
 * stored tree is missing or does not lead to the signed root.
 */
async function locateFirstDifference(
  db: Queryable,
  recomputed: readonly Buffer[],
  checkpoint: Pick<Checkpoint, 'size' | 'root'>,
): Promise<number | 'unauthenticated'> {
  const mine = perfectNodesOf(recomputed);
  const mineOf = (start: number, end: number): Buffer | undefined =>
    end <= recomputed.length ? rangeHash(mine, start, end) : undefined;
  let start = 0;
  let end = checkpoint.size;
  let expected = checkpoint.root;
  if (end === 0) return 'unauthenticated';
  while (end - start > 1) {
    const k = splitPoint(end - start);
    let stored: Buffer[];
    try {
      stored = await rangeHashes(db, [
        [start, start + k],
        [start + k, end],
      ]);
    } catch {
      return 'unauthenticated';
    }
    const [left, right] = stored as [Buffer, Buffer];
    if (!nodeHash(left, right).equals(expected)) return 'unauthenticated';
    if (!mineOf(start, start + k)?.equals(left)) {
      end = start + k;
      expected = left;
    } else {
      start += k;
      expected = right;
    }
  }
  return start;
}
