import type { Pool } from '@siks/pg';
import type { EventStore } from '../port.ts';
import { appendEvents } from './append.ts';
import { Listener, connectionConfig, Notifier, type NotifyMode } from './notify.ts';
import { readAll, readStream, streamRevision } from './read.ts';

export interface PostgresEventStoreOptions {
  /** Pool of the database holding the `eventstore` schema (see `eventstoreMigrations`). */
  pool: Pool;
  /** How appends wake `onAppended` listeners; `after-commit` by default (see `NotifyMode`). */
  notify?: NotifyMode;
  /** `after-commit` mode: the least time between two notifications, 20 ms by default. */
  notifyIntervalMs?: number;
  /** End `pool` on `close()` (when the store created it). */
  ownsPool?: boolean;
}

/** The PostgreSQL adapter of the `EventStore` port (DESIGN.md §4). */
export function createPostgresEventStore(options: PostgresEventStoreOptions): EventStore {
  const { pool } = options;
  const mode = options.notify ?? 'after-commit';
  const notifier =
    mode === 'after-commit' ? new Notifier(connectionConfig(pool), options.notifyIntervalMs ?? 20) : undefined;
  let listener: Listener | undefined;
  return {
    async append(streamId, events, expected = 'any') {
      const result = await appendEvents(pool, streamId, events, expected, mode === 'in-transaction');
      if (notifier && events.length > 0) notifier.poke();
      return result;
    },
    readStream: (streamId, readOptions) => readStream(pool, streamId, readOptions),
    readAll: (readOptions) => readAll(pool, readOptions),
    streamRevision: (streamId) => streamRevision(pool, streamId),
    async onAppended(callback) {
      listener ??= new Listener(connectionConfig(pool));
      return listener.add(callback);
    },
    async close() {
      await listener?.close();
      await notifier?.close();
      if (options.ownsPool) await pool.end();
    },
  };
}
