import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '@siks/pg';
import { DeadLetterHeaders, ReplayHeaders, type BusMessage } from '../port.ts';
import type { MessageRow } from './fetch.ts';
import { createPublisher } from './publish.ts';

/**
 * Dead letters on the PostgreSQL bus (`siks dlq`): the messages of the `*.dlq` topics, and
 * their replay to the topic they came from for the group that gave up on them. A replay is
 * recorded (`bus.dead_letter_replays`) in the transaction that publishes it, once per letter.
 */

/** A dead letter's id: `<dead-letter topic>/<partition>/<offset>`. */
export const deadLetterId = (letter: { topic: string; partition: number; offset: string }): string =>
  `${letter.topic}/${letter.partition}/${letter.offset}`;

export function parseDeadLetterId(id: string): { topic: string; partition: number; offset: string } | undefined {
  const match = /^([A-Za-z0-9._-]+\.dlq)\/(\d{1,5})\/(\d{1,19})$/.exec(id);
  return match ? { topic: match[1]!, partition: Number(match[2]), offset: match[3]! } : undefined;
}

export interface Replay {
  replayId: string;
  replayedAt: string;
  replayedBy: string;
  reason: string;
}

/**
 * A message of a dead-letter topic: `value` is the message as it was (relayed events: the
 * RecordedEvent as JSON, with sealed personal data), `headers` its own without the `x-dlq-*`
 * ones (those are the fields below), `timestamp` when it was dead-lettered.
 */
export interface DeadLetter extends Omit<BusMessage, 'attempt'> {
  id: string;
  source: { topic: string; partition: number; offset: string };
  groupId: string;
  attempts: number;
  failedAt: string;
  error: string;
  replay?: Replay;
}

export interface DeadLetterCount {
  topic: string;
  groupId: string;
  letters: number;
  replayed: number;
}

interface LetterRow extends MessageRow {
  replay_id: string | null;
  replayed_at: Date | null;
  replayed_by: string | null;
  reason: string | null;
}

const DEAD_LETTER_TOPICS = `SELECT name FROM bus.topics WHERE name LIKE '%.dlq'`;
const LETTER_COLUMNS = `m.topic, m.partition, m."offset", m.key, m.value, m.headers, m.created_at,
  r.replay_id, r.replayed_at, r.replayed_by, r.reason`;
const WITH_REPLAYS = `LEFT JOIN bus.dead_letter_replays r
  ON r.dead_letter_topic = m.topic AND r.partition = m.partition AND r."offset" = m."offset"`;
const DLQ_HEADER_NAMES = new Set<string>(Object.values(DeadLetterHeaders));

function letterOf(row: LetterRow): DeadLetter {
  const h = row.headers;
  const letter: DeadLetter = {
    id: deadLetterId(row),
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    key: row.key,
    value: row.value,
    headers: Object.fromEntries(Object.entries(h).filter(([name]) => !DLQ_HEADER_NAMES.has(name))),
    timestamp: row.created_at.toISOString(),
    source: {
      topic: h[DeadLetterHeaders.topic] ?? row.topic.replace(/\.dlq$/, ''),
      partition: Number(h[DeadLetterHeaders.partition] ?? -1),
      offset: h[DeadLetterHeaders.offset] ?? '',
    },
    groupId: h[DeadLetterHeaders.groupId] ?? '',
    attempts: Number(h[DeadLetterHeaders.attempts] ?? 0),
    failedAt: h[DeadLetterHeaders.failedAt] ?? row.created_at.toISOString(),
    error: h[DeadLetterHeaders.error] ?? '',
  };
  if (row.replay_id !== null) {
    letter.replay = {
      replayId: row.replay_id,
      replayedAt: row.replayed_at!.toISOString(),
      replayedBy: row.replayed_by!,
      reason: row.reason!,
    };
  }
  return letter;
}

/** Dead letters per dead-letter topic and group, and how many of them were replayed. */
export async function countDeadLetters(db: Queryable): Promise<DeadLetterCount[]> {
  const { rows } = await db.query<{ topic: string; group_id: string; letters: string; replayed: string }>(
    `SELECT m.topic, coalesce(m.headers ->> $1, '') AS group_id, count(*) AS letters, count(r.replay_id) AS replayed
       FROM bus.messages m ${WITH_REPLAYS}
      WHERE m.topic IN (${DEAD_LETTER_TOPICS})
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [DeadLetterHeaders.groupId],
  );
  return rows.map((row) => ({
    topic: row.topic,
    groupId: row.group_id,
    letters: Number(row.letters),
    replayed: Number(row.replayed),
  }));
}

export interface DeadLetterFilter {
  /** A dead-letter topic (`x.dlq`). */
  topic?: string;
  groupId?: string;
  /** Only those not replayed yet. */
  pending?: boolean;
  limit?: number;
}

/** Dead letters in topic, partition and offset order (oldest first within a partition). */
export async function listDeadLetters(db: Queryable, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const { rows } = await db.query<LetterRow>(
    `SELECT ${LETTER_COLUMNS}
       FROM bus.messages m ${WITH_REPLAYS}
      WHERE m.topic IN (${DEAD_LETTER_TOPICS})
        AND ($1::text IS NULL OR m.topic = $1)
        AND ($2::text IS NULL OR m.headers ->> $3 = $2)
        AND (NOT $4 OR r.replay_id IS NULL)
      ORDER BY m.topic, m.partition, m."offset"
      LIMIT $5`,
    [
      filter.topic ?? null,
      filter.groupId ?? null,
      DeadLetterHeaders.groupId,
      filter.pending ?? false,
      filter.limit ?? null,
    ],
  );
  return rows.map(letterOf);
}

export async function readDeadLetter(db: Queryable, id: string): Promise<DeadLetter | undefined> {
  const at = parseDeadLetterId(id);
  if (!at) return undefined;
  const { rows } = await db.query<LetterRow>(
    `SELECT ${LETTER_COLUMNS} FROM bus.messages m ${WITH_REPLAYS}
      WHERE m.topic = $1 AND m.partition = $2 AND m."offset" = $3`,
    [at.topic, at.partition, at.offset],
  );
  return rows[0] ? letterOf(rows[0]) : undefined;
}

export interface ReplayRequest {
  /** Who asks (recorded). */
  by: string;
  /** Why (recorded). */
  reason: string;
}

export type ReplayOutcome =
  | { id: string; replayed: Replay & { topic: string; groupId: string } }
  | { id: string; alreadyReplayed: Replay }
  | { id: string; notFound: true }
  /** Not made by a consumer (no group or source topic headers): nobody to replay it to. */
  | { id: string; notReplayable: true };

/**
 * Publishes a dead letter again to its source topic, for the group that dead-lettered it only
 * (`ReplayHeaders.group`: the other groups of the topic handled it and skip it), and records the
 * replay in the same transaction. A letter is replayed once; asking again reports the earlier
 * replay. Safe because consumers are idempotent: a letter whose effect was applied meanwhile
 * is skipped by the group's inbox. It arrives after the messages published since it failed.
 */
export async function replayDeadLetter(pool: Pool, id: string, request: ReplayRequest): Promise<ReplayOutcome> {
  return withTransaction(pool, async (client) => {
    const letter = await readDeadLetter(client, id);
    if (!letter) return { id, notFound: true };
    if (!letter.groupId || !letter.source.topic) return { id, notReplayable: true };
    const replayId = randomUUID();
    const recorded = await client.query<{ replayed_at: Date }>(
      `INSERT INTO bus.dead_letter_replays
         (replay_id, dead_letter_topic, partition, "offset", source_topic, group_id, replayed_by, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (dead_letter_topic, partition, "offset") DO NOTHING RETURNING replayed_at`,
      [
        replayId,
        letter.topic,
        letter.partition,
        letter.offset,
        letter.source.topic,
        letter.groupId,
        request.by,
        request.reason,
      ],
    );
    if (recorded.rowCount === 0) {
      const earlier = (await readDeadLetter(client, id))!.replay!;
      return { id, alreadyReplayed: earlier };
    }
    const ownHeaders = Object.entries(letter.headers).filter(
      ([name]) => !(Object.values(ReplayHeaders) as string[]).includes(name),
    );
    await createPublisher(client)(letter.source.topic, [
      {
        key: letter.key,
        value: letter.value,
        headers: {
          ...Object.fromEntries(ownHeaders),
          [ReplayHeaders.of]: id,
          [ReplayHeaders.group]: letter.groupId,
          [ReplayHeaders.id]: replayId,
        },
      },
    ]);
    return {
      id,
      replayed: {
        replayId,
        replayedAt: recorded.rows[0]!.replayed_at.toISOString(),
        replayedBy: request.by,
        reason: request.reason,
        topic: letter.source.topic,
        groupId: letter.groupId,
      },
    };
  });
}
