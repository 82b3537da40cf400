import type { MigrationSet, Pool, Queryable } from '@siks/pg';
import { withTransaction } from '@siks/pg';
import { hashLeaf } from './leaf.ts';
import { EMPTY_ROOT, nodeHash, type PerfectNodes } from './merkle.ts';
import { readLeaves } from './read-leaves.ts';

/**
 * The audit log's Merkle tree, kept beside the event store in schema `audit_log`: every leaf
 * hash (with the event it stands for) and every complete subtree's hash by (level, index).
 * Stored rather than recomputed because a proof then costs O(log n) row reads instead of a scan
 * of the log, and extending the tree by N events costs O(N) new rows: only the right edge (the
 * "frontier", at most one complete subtree per level) is read back. None of it is trusted: a
 * checkpoint signs the root, and a verifier recomputes from the events (verify-log.ts). In the
 * production layout no service role is granted this schema; only the checkpoint job writes it.
 */
export const auditLogMigrations: MigrationSet = {
  component: 'audit_log',
  migrations: [
    {
      id: '001_merkle_tree',
      sql: `
CREATE SCHEMA IF NOT EXISTS audit_log;
CREATE TABLE audit_log.tree (
  id                boolean PRIMARY KEY DEFAULT true CHECK (id),
  size              bigint  NOT NULL,
  last_log_position text    NOT NULL,
  root              bytea   NOT NULL
);
INSERT INTO audit_log.tree VALUES (true, 0, '', sha256(''::bytea));
CREATE TABLE audit_log.leaves (
  leaf_index bigint PRIMARY KEY,
  position   bigint NOT NULL UNIQUE,
  stream_id  text   NOT NULL,
  revision   bigint NOT NULL,
  leaf_hash  bytea  NOT NULL
);
CREATE TABLE audit_log.nodes (
  level      smallint NOT NULL CHECK (level >= 1),
  node_index bigint   NOT NULL,
  hash       bytea    NOT NULL,
  PRIMARY KEY (level, node_index)
);`,
    },
    {
      // A copy of each signed checkpoint, so that a service can hand them out (GET
      // /v1/audit/checkpoint) without the checkpoint directory. Not trusted either: a
      // checkpoint is only believed after its signature is checked against a pinned key.
      id: '002_published_checkpoints',
      sql: `
CREATE TABLE audit_log.checkpoints (
  size         bigint      PRIMARY KEY,
  note         text        NOT NULL,
  vkey         text        NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);`,
    },
  ],
};

export interface TreeHead {
  size: number;
  root: Buffer;
  /** Where the next leaves start in the global log. */
  lastLogPosition: string;
}

export async function readTreeHead(db: Queryable): Promise<TreeHead> {
  const row = (
    await db.query<{ size: string; root: Buffer; last_log_position: string }>(
      'SELECT size, root, last_log_position FROM audit_log.tree',
    )
  ).rows[0];
  if (!row) throw new Error('audit_log.tree has no row: run the audit log migrations');
  return { size: Number(row.size), root: row.root, lastLogPosition: row.last_log_position };
}

/** The complete subtrees on the right edge of a tree of `size` leaves, highest level first. */
export function frontierNodes(size: number): [number, number][] {
  const nodes: [number, number][] = [];
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level -= 1) {
    const count = Math.floor(size / 2 ** level);
    if (count % 2 === 1) nodes.push([level, count - 1]);
  }
  return nodes;
}

/** Reads the given complete subtrees (level 0: leaf hashes) in one query; missing ones are absent. */
export async function loadNodes(db: Queryable, wanted: readonly [number, number][]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (wanted.length === 0) return found;
  const { rows } = await db.query<{ level: number; node_index: string; hash: Buffer }>(
    `SELECT w.level, w.node_index, coalesce(n.hash, l.leaf_hash) AS hash
       FROM unnest($1::smallint[], $2::bigint[]) AS w(level, node_index)
       LEFT JOIN audit_log.nodes n ON w.level > 0 AND n.level = w.level AND n.node_index = w.node_index
       LEFT JOIN audit_log.leaves l ON w.level = 0 AND l.leaf_index = w.node_index`,
    [wanted.map(([level]) => level), wanted.map(([, index]) => index)],
  );
  for (const row of rows) if (row.hash) found.set(`${row.level}/${row.node_index}`, row.hash);
  return found;
}

/** A `PerfectNodes` over a map from `loadNodes`; a missing node throws `MissingNodeError`. */
export function nodesFromMap(map: Map<string, Buffer>): PerfectNodes {
  return (level, index) => {
    const hash = map.get(`${level}/${index}`);
    if (!hash) throw new MissingNodeError(level, index);
    return hash;
  };
}

export class MissingNodeError extends Error {
  override name = 'MissingNodeError';
  constructor(level: number, index: number) {
    super(`the stored tree has no node at level ${level} index ${index}`);
  }
}

/** Root of a tree from its frontier (highest level first), as RFC 9162's MTH splits it. */
export function rootOfFrontier(frontier: readonly Buffer[]): Buffer {
  if (frontier.length === 0) return EMPTY_ROOT;
  let root = frontier.at(-1) as Buffer;
  for (let index = frontier.length - 2; index >= 0; index -= 1) root = nodeHash(frontier[index] as Buffer, root);
  return root;
}

export interface ExtendOptions {
  /** Events read per page of the global log. */
  pageSize?: number;
  /** Stop after this many new leaves (the rest waits for the next call). */
  maxLeaves?: number;
}

/**
 * Adds every event readable in the global log (below the read horizon, in its committed order)
 * that is not yet a leaf, in one transaction: per new leaf its hash and the complete subtrees it
 * closes. The tree row is locked first, so concurrent callers take turns.
 */
export async function extendTree(pool: Pool, options: ExtendOptions = {}): Promise<TreeHead & { added: number }> {
  const pageSize = options.pageSize ?? 5_000;
  const maxLeaves = options.maxLeaves ?? Number.MAX_SAFE_INTEGER;
  return withTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM audit_log.tree FOR UPDATE');
    const head = await readTreeHead(client);
    const frontierAt = frontierNodes(head.size);
    const stored = nodesFromMap(await loadNodes(client, frontierAt));
    // frontier[level] = root of the complete subtree at that level on the right edge, if any.
    const frontier: (Buffer | undefined)[] = [];
    for (const [level, index] of frontierAt) frontier[level] = stored(level, index);
    let size = head.size;
    let after = head.lastLogPosition;
    let added = 0;
    while (added < maxLeaves) {
      const events = await readLeaves(client, after, Math.min(pageSize, maxLeaves - added));
      if (events.length === 0) break;
      const leaves = {
        index: [] as number[],
        position: [] as string[],
        streamId: [] as string[],
        revision: [] as number[],
        hash: [] as Buffer[],
      };
      const nodes = { level: [] as number[], index: [] as number[], hash: [] as Buffer[] };
      for (const event of events) {
        let carry = hashLeaf(event);
        leaves.index.push(size);
        leaves.position.push(event.logPosition.split(':')[1] as string);
        leaves.streamId.push(event.streamId);
        leaves.revision.push(event.revision);
        leaves.hash.push(carry);
        // Adding leaf `size` closes one subtree per trailing 1-bit of `size`.
        let level = 0;
        for (let count = size; count % 2 === 1; count = Math.floor(count / 2)) {
          carry = nodeHash(frontier[level] as Buffer, carry);
          frontier[level] = undefined;
          level += 1;
          nodes.level.push(level);
          nodes.index.push(Math.floor(size / 2 ** level));
          nodes.hash.push(carry);
        }
        frontier[level] = carry;
        size += 1;
      }
      await client.query(
        `INSERT INTO audit_log.leaves (leaf_index, position, stream_id, revision, leaf_hash)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bytea[])`,
        [leaves.index, leaves.position, leaves.streamId, leaves.revision, leaves.hash],
      );
      if (nodes.level.length > 0) {
        await client.query(
          `INSERT INTO audit_log.nodes (level, node_index, hash)
             SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
          [nodes.level, nodes.index, nodes.hash],
        );
      }
      added += events.length;
      after = events.at(-1)?.logPosition ?? after;
      if (events.length < pageSize) break;
    }
    const root = rootOfFrontier(frontier.filter((hash): hash is Buffer => hash !== undefined).reverse());
    await client.query('UPDATE audit_log.tree SET size = $1, last_log_position = $2, root = $3', [size, after, root]);
    return { size, root, lastLogPosition: after, added };
  });
}
