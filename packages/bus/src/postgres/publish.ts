import type { Queryable } from '@siks/pg';
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingMessage } from '../port.ts';

export class UnknownTopicError extends Error {
  constructor(topic: string) {
    super(`unknown topic ${topic}: create it with ensureTopics first`);
    this.name = 'UnknownTopicError';
  }
}

export type Publish = (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>;

/**
 * Publishes each batch in one statement (`bus.publish`, see publish-function.ts), partitioned
 * as Kafka partitions by key. A topic's partition count is read once and kept: topics are only
 * ever created, never resized (`ensurePostgresTopics` leaves existing ones alone). On a client
 * in a transaction, the messages are published when it commits.
 */
export function createPublisher(pool: Queryable): Publish {
  const partitionCounts = new Map<string, number>();

  async function partitionsOf(topic: string): Promise<number> {
    const known = partitionCounts.get(topic);
    if (known !== undefined) return known;
    const found = await pool.query<{ partitions: number }>('SELECT partitions FROM bus.topics WHERE name = $1', [
      topic,
    ]);
    const partitions = found.rows[0]?.partitions;
    if (partitions === undefined) throw new UnknownTopicError(topic);
    partitionCounts.set(topic, partitions);
    return partitions;
  }

  return async (topic, messages) => {
    if (messages.length === 0) return;
    const partitions = await partitionsOf(topic);
    const values = messages.map((message) => message.value);
    const headers = messages.map((message) => JSON.stringify(message.headers ?? {}));
    const joined = joinable(values);
    await pool.query({
      name: joined ? 'bus_publish_joined' : 'bus_publish',
      text: joined ? PUBLISH_JOINED_SQL : PUBLISH_SQL,
      values: [
        topic,
        messages.map((message) => partitionForKey(message.key, partitions)),
        messages.map((message) => message.key),
        joined ? values.join(SEPARATOR) : values,
        // JSON.stringify escapes every control character: headers never hold the separator.
        joined ? headers.join(SEPARATOR) : headers,
      ],
    });
  };
}

const PUBLISH_SQL = 'SELECT bus.publish($1, $2::integer[], $3::text[], $4::text[], $5::jsonb[])';

/**
 * Values and headers as one text each, split by the database: node-postgres sends a `text[]`
 * as an array literal, escaping every quote of every JSON value, and PostgreSQL parses that
 * literal character by character. A relay's page of events is hundreds of KB of JSON.
 */
const PUBLISH_JOINED_SQL = `SELECT bus.publish($1, $2::integer[], $3::text[],
  string_to_array($4, E'\\x01'), string_to_array($5, E'\\x01')::jsonb[])`;
const SEPARATOR = '\u0001';

/**
 * Whether the values can travel joined: none holds the separator (JSON never does: its control
 * characters are escaped) and none is empty (one empty value would split into no element).
 */
const joinable = (values: readonly string[]): boolean =>
  values.every((value) => value !== '' && !value.includes(SEPARATOR));
