import { randomUUID } from 'node:crypto';
import type { Pool } from '@siks/pg';
import type { Bus, Consumer } from '../port.ts';
import { startPostgresConsumer } from './consumer.ts';
import { postgresLag } from './lag.ts';
import { createNotifications } from './notify.ts';
import { createPublisher } from './publish.ts';
import { ensurePostgresTopics } from './topics.ts';

export interface PostgresBusOptions {
  /** The bus tables live in schema `bus` of this database (run `busMigrations` first). */
  pool: Pool;
  /** Names this process in its groups; each consumer adds `/<n>` (default: a random UUID). */
  memberId?: string;
  /** Longest sleep of an idle consumer when no NOTIFY wakes it (default 1000 ms). */
  pollIntervalMs?: number;
  /** A member silent this long is dead and its partitions move (default 10000 ms). */
  sessionTimeoutMs?: number;
  /** Errors consumers recover from by retrying (the database went away, …); default: ignored. */
  onError?: (error: unknown) => void;
}

/** The bus on PostgreSQL tables (DESIGN.md §3, embedded default). Closing it leaves the pool open. */
export function createPostgresBus(options: PostgresBusOptions): Bus {
  const { pool } = options;
  const memberId = options.memberId ?? randomUUID();
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const onError = options.onError ?? (() => undefined);
  const notifications = createNotifications(pool, pollIntervalMs, onError);
  const consumers = new Set<Consumer>();
  let counter = 0;

  const publish: Bus['publish'] = createPublisher(pool);

  return {
    handlerMayCommitAsynchronously: true,
    ensureTopics: (topics) => ensurePostgresTopics(pool, topics),
    publish,
    async consume(consumerOptions) {
      counter += 1;
      const consumer = await startPostgresConsumer(
        {
          pool,
          memberId: `${memberId}/${counter}`,
          notifications,
          pollIntervalMs,
          sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
          publish,
          onError,
        },
        consumerOptions,
      );
      consumers.add(consumer);
      return {
        assignment: () => consumer.assignment(),
        async stop() {
          await consumer.stop();
          consumers.delete(consumer);
        },
      };
    },
    lag: (groupId, topics) => postgresLag(pool, groupId, topics),
    async close() {
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      consumers.clear();
      await notifications.close();
    },
  };
}
