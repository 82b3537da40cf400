import type { Queryable } from '@siks/pg';
import type { FetchedMessage } from '../delivery.ts';
import type { TopicPartition } from '../port.ts';
import { tpKey } from './group.ts';

/** A row of `bus.messages` as fetched (dead-letter reads add their replay columns). */
export interface MessageRow {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  created_at: Date;
}

export interface FetchFrom extends TopicPartition {
  /** The first offset wanted. */
  from: string;
}

/**
 * Up to `limit` messages of each partition from its offset on, for all partitions in one
 * statement (a member holds every partition of its topics when alone in its group: one round
 * trip per poll instead of one per partition). Each partition's messages are in offset order.
 */
export async function fetchPartitions(
  db: Queryable,
  partitions: readonly FetchFrom[],
  limit: number,
): Promise<FetchedMessage[][]> {
  if (partitions.length === 0) return [];
  const { rows } = await db.query<MessageRow>({
    name: 'bus_fetch_partitions',
    text: `SELECT t.topic, t.partition, m."offset", m.key, m.value, m.headers, m.created_at
      FROM unnest($1::text[], $2::integer[], $3::bigint[]) WITH ORDINALITY AS t(topic, partition, from_offset, ord)
      CROSS JOIN LATERAL (
        SELECT "offset", key, value, headers, created_at FROM bus.messages
         WHERE topic = t.topic AND partition = t.partition AND "offset" >= t.from_offset
         ORDER BY "offset" LIMIT $4) m
      ORDER BY t.ord, m."offset"`,
    values: [partitions.map((p) => p.topic), partitions.map((p) => p.partition), partitions.map((p) => p.from), limit],
  });
  const byPartition: FetchedMessage[][] = partitions.map(() => []);
  const index = new Map(partitions.map((p, i) => [tpKey(p), i]));
  for (const row of rows) {
    byPartition[index.get(tpKey(row))!]!.push({
      topic: row.topic,
      partition: row.partition,
      offset: row.offset,
      key: row.key,
      value: row.value,
      headers: row.headers,
      timestamp: row.created_at.toISOString(),
    });
  }
  return byPartition;
}
