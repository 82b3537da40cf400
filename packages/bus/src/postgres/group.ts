import type { Queryable } from '@siks/pg';
import type { TopicPartition } from '../port.ts';
import { GROUPS_CHANNEL } from './notify.ts';

/** SQL of one member of a consumer group: membership, partition leases, offsets. */
export interface GroupMember {
  groupId: string;
  memberId: string;
  topics: readonly string[];
  /** A member (and its leases) not renewed for this long is dead; its partitions move. */
  sessionTimeoutMs: number;
}

export class LeaseLostError extends Error {
  constructor(tp: TopicPartition) {
    super(`lease on ${tp.topic}[${tp.partition}] lost`);
    this.name = 'LeaseLostError';
  }
}

export const tpKey = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

/** Registers or renews the member, renews its leases, and returns the partitions it still holds. */
export async function heartbeat(db: Queryable, member: GroupMember): Promise<TopicPartition[]> {
  await db.query(
    `INSERT INTO bus.group_members (group_id, member_id, topics, expires_at)
     VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
     ON CONFLICT (group_id, member_id) DO UPDATE SET topics = EXCLUDED.topics, expires_at = EXCLUDED.expires_at`,
    [member.groupId, member.memberId, member.topics, member.sessionTimeoutMs],
  );
  const held = await db.query<TopicPartition>(
    `UPDATE bus.group_leases SET expires_at = now() + $3 * interval '1 millisecond'
     WHERE group_id = $1 AND member_id = $2 RETURNING topic, partition`,
    [member.groupId, member.memberId, member.sessionTimeoutMs],
  );
  return held.rows;
}

/**
 * The partitions this member should hold: for each topic, its partitions dealt round-robin to
 * the live members subscribed to it, in member id order. Every member computes the same split.
 */
export async function desiredAssignment(db: Queryable, member: GroupMember): Promise<TopicPartition[]> {
  const members = await db.query<{ member_id: string; topics: string[] }>(
    `SELECT member_id, topics FROM bus.group_members WHERE group_id = $1 AND expires_at > now() ORDER BY member_id`,
    [member.groupId],
  );
  const partitions = await db.query<TopicPartition>(
    'SELECT topic, partition FROM bus.partitions WHERE topic = ANY($1) ORDER BY topic, partition',
    [member.topics],
  );
  return partitions.rows.filter((tp) => {
    const subscribers = members.rows.filter((row) => row.topics.includes(tp.topic)).map((row) => row.member_id);
    return subscribers[tp.partition % Math.max(subscribers.length, 1)] === member.memberId;
  });
}

/** Takes the leases of `wanted` that are free, expired or already ours; returns those taken. */
export async function acquire(
  db: Queryable,
  member: GroupMember,
  wanted: readonly TopicPartition[],
): Promise<TopicPartition[]> {
  if (wanted.length === 0) return [];
  const taken = await db.query<TopicPartition>(
    `INSERT INTO bus.group_leases AS l (group_id, topic, partition, member_id, expires_at)
     SELECT $1, w.topic, w.partition, $2, now() + $3 * interval '1 millisecond'
     FROM unnest($4::text[], $5::int[]) AS w(topic, partition)
     ON CONFLICT (group_id, topic, partition) DO UPDATE
       SET member_id = EXCLUDED.member_id, expires_at = EXCLUDED.expires_at
       WHERE l.member_id = EXCLUDED.member_id OR l.expires_at < now()
     RETURNING topic, partition`,
    [
      member.groupId,
      member.memberId,
      member.sessionTimeoutMs,
      wanted.map((tp) => tp.topic),
      wanted.map((tp) => tp.partition),
    ],
  );
  return taken.rows;
}

/** Gives up leases (all of the member's when `partitions` is omitted) and tells the group. */
export async function release(
  db: Queryable,
  member: GroupMember,
  partitions?: readonly TopicPartition[],
): Promise<void> {
  if (partitions?.length === 0) return;
  if (partitions === undefined) {
    await db.query('DELETE FROM bus.group_leases WHERE group_id = $1 AND member_id = $2', [
      member.groupId,
      member.memberId,
    ]);
  } else {
    await db.query(
      `DELETE FROM bus.group_leases l USING unnest($3::text[], $4::int[]) AS r(topic, partition)
       WHERE l.group_id = $1 AND l.member_id = $2 AND l.topic = r.topic AND l.partition = r.partition`,
      [member.groupId, member.memberId, partitions.map((tp) => tp.topic), partitions.map((tp) => tp.partition)],
    );
  }
  await db.query('SELECT pg_notify($1, $2)', [GROUPS_CHANNEL, member.groupId]);
}

/** Leaves the group: drops the member row and its leases, and tells the others. */
export async function leave(db: Queryable, member: GroupMember): Promise<void> {
  await db.query('DELETE FROM bus.group_members WHERE group_id = $1 AND member_id = $2', [
    member.groupId,
    member.memberId,
  ]);
  await release(db, member);
}

/** Tells the group that a member joined. */
export async function announce(db: Queryable, member: GroupMember): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [GROUPS_CHANNEL, member.groupId]);
}

/**
 * The offset the group reads next on a partition it just took. With nothing committed, a new
 * group starts at 0 (fromBeginning) or at the end, and that start is committed so it holds.
 */
export async function startingOffset(
  db: Queryable,
  member: GroupMember,
  tp: TopicPartition,
  fromBeginning: boolean,
): Promise<string> {
  const committed = await db.query<{ committed_offset: string }>(
    'SELECT committed_offset FROM bus.group_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3',
    [member.groupId, tp.topic, tp.partition],
  );
  const found = committed.rows[0]?.committed_offset;
  if (found !== undefined) return found;
  const start = fromBeginning
    ? '0'
    : (
        await db.query<{ next_offset: string }>(
          'SELECT next_offset FROM bus.partitions WHERE topic = $1 AND partition = $2',
          [tp.topic, tp.partition],
        )
      ).rows[0]!.next_offset;
  await commit(db, member, tp, start);
  return start;
}

/**
 * Commits `nextOffset` for the group, only while this member holds the lease (the lease row is
 * share-locked, so a member taking it over waits for this commit and then reads it).
 */
export async function commit(
  db: Queryable,
  member: GroupMember,
  tp: TopicPartition,
  nextOffset: string,
): Promise<void> {
  const result = await db.query(
    `WITH lease AS (
       SELECT 1 FROM bus.group_leases
       WHERE group_id = $1 AND topic = $2 AND partition = $3 AND member_id = $4 FOR SHARE)
     INSERT INTO bus.group_offsets (group_id, topic, partition, committed_offset)
     SELECT $1, $2, $3, $5 FROM lease
     ON CONFLICT (group_id, topic, partition) DO UPDATE
       SET committed_offset = EXCLUDED.committed_offset, committed_at = now()`,
    [member.groupId, tp.topic, tp.partition, member.memberId, nextOffset],
  );
  if (result.rowCount === 0) throw new LeaseLostError(tp);
}

/**
 * `commit` of several partitions in one statement. Partitions whose lease this member still
 * holds are committed; when one has been lost, `LeaseLostError` names it (the others stay
 * committed: offsets only say how far the group got, and consumers dedupe redeliveries).
 */
export async function commitMany(
  db: Queryable,
  member: GroupMember,
  commits: readonly { tp: TopicPartition; nextOffset: string }[],
): Promise<void> {
  if (commits.length === 0) return;
  const { rows } = await db.query<{ topic: string; partition: number }>(
    `WITH wanted AS (
       SELECT * FROM unnest($2::text[], $3::integer[], $4::bigint[]) AS w(topic, partition, next_offset)),
     leased AS (
       SELECT w.topic, w.partition, w.next_offset FROM wanted w
         JOIN bus.group_leases l
           ON l.group_id = $1 AND l.topic = w.topic AND l.partition = w.partition AND l.member_id = $5
       FOR SHARE OF l)
     INSERT INTO bus.group_offsets (group_id, topic, partition, committed_offset)
     SELECT $1, topic, partition, next_offset FROM leased
     ON CONFLICT (group_id, topic, partition) DO UPDATE
       SET committed_offset = EXCLUDED.committed_offset, committed_at = now()
     RETURNING topic, partition`,
    [
      member.groupId,
      commits.map((c) => c.tp.topic),
      commits.map((c) => c.tp.partition),
      commits.map((c) => c.nextOffset),
      member.memberId,
    ],
  );
  const done = new Set(rows.map(tpKey));
  const lost = commits.find((c) => !done.has(tpKey(c.tp)));
  if (lost) throw new LeaseLostError(lost.tp);
}
