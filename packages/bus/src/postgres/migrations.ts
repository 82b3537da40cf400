import type { MigrationSet } from '@siks/pg';
import { publishFunctionSql } from './publish-function.ts';

/**
 * Tables of the PostgreSQL bus (schema `bus`): topics and their partitions, the messages,
 * consumer groups (members, partition leases, committed offsets), the relay checkpoints and
 * the inbox of idempotent consumers. Run with `migrate(pool, [busMigrations])` from @siks/pg.
 */
export const busMigrations: MigrationSet = {
  component: 'bus',
  migrations: [
    {
      id: '001_bus',
      sql: `
CREATE SCHEMA IF NOT EXISTS bus;

CREATE TABLE bus.topics (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,249}$'),
  partitions integer NOT NULL CHECK (partitions BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- next_offset is the high watermark; the row is locked while a publisher assigns offsets, so
-- offsets are dense and commit in order within a partition.
CREATE TABLE bus.partitions (
  topic text NOT NULL REFERENCES bus.topics (name),
  partition integer NOT NULL CHECK (partition >= 0),
  next_offset bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, partition)
);

CREATE TABLE bus.messages (
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, "offset"),
  FOREIGN KEY (topic, partition) REFERENCES bus.partitions (topic, partition)
);

CREATE TABLE bus.group_members (
  group_id text NOT NULL,
  member_id text NOT NULL,
  topics text[] NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, member_id)
);

-- Who may process a partition for a group; renewed by the holder's heartbeat.
CREATE TABLE bus.group_leases (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  member_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
);

-- committed_offset is the next offset the group reads (as Kafka commits it).
CREATE TABLE bus.group_offsets (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  committed_offset bigint NOT NULL CHECK (committed_offset >= 0),
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

CREATE TABLE bus.relay_checkpoints (
  relay_id text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bus.inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`,
    },
    // One round trip per published batch (the relays' hot path).
    { id: '002_publish_function', sql: publishFunctionSql },
    // Messages of up to 8 KB (a relayed event with a household's sealed personal data is 2–4 KB)
    // stay in the row uncompressed: every consumer group reads each one again, and would
    // otherwise decompress it again each time.
    { id: '003_messages_uncompressed', sql: 'ALTER TABLE bus.messages SET (toast_tuple_target = 8160);' },
    // Only bus.publish inserts messages, and it updates (so locks and proves) each partition row
    // first: the foreign key's per-message check repeated that (10–15 % of a publish, measured).
    {
      id: '004_messages_without_partition_check',
      sql: 'ALTER TABLE bus.messages DROP CONSTRAINT messages_topic_partition_fkey;',
    },
    // Every replay of a dead letter (`siks dlq replay`), written in the transaction that
    // publishes it again: a replay cannot happen silently, nor twice.
    {
      id: '005_dead_letter_replays',
      sql: `
CREATE TABLE bus.dead_letter_replays (
  replay_id uuid PRIMARY KEY,
  dead_letter_topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  source_topic text NOT NULL,
  group_id text NOT NULL,
  replayed_by text NOT NULL,
  reason text NOT NULL,
  replayed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dead_letter_topic, partition, "offset")
);
`,
    },
  ],
};
