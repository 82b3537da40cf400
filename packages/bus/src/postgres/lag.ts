import type { Queryable } from '@siks/pg';
import type { GroupLag } from '../port.ts';

/** Committed offset, end offset and lag of a group on every partition of `topics`. */
export async function postgresLag(db: Queryable, groupId: string, topics: readonly string[]): Promise<GroupLag[]> {
  const rows = await db.query<{
    topic: string;
    partition: number;
    next_offset: string;
    committed_offset: string | null;
  }>(
    `SELECT p.topic, p.partition, p.next_offset, o.committed_offset
     FROM bus.partitions p
     LEFT JOIN bus.group_offsets o ON o.group_id = $1 AND o.topic = p.topic AND o.partition = p.partition
     WHERE p.topic = ANY($2) ORDER BY p.topic, p.partition`,
    [groupId, [...topics]],
  );
  return rows.rows.map((row) => {
    const end = BigInt(row.next_offset);
    const committed = row.committed_offset === null ? undefined : BigInt(row.committed_offset);
    return {
      groupId,
      topic: row.topic,
      partition: row.partition,
      committedOffset: committed === undefined ? '-1' : committed.toString(),
      endOffset: end.toString(),
      lag: Number(end - (committed ?? 0n)),
    };
  });
}
