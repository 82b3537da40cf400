import type { Pool } from '@siks/pg';
import type { EventStore } from '../port.ts';
import { appendEvents } from './append.ts';
import { meteredAppend } from './append-metrics.ts';
import { createGroupCommit, type GroupCommitOptions } from './group-commit.ts';
import { categoriesOfPrefixes, categoryOfStream } from './category.ts';
import { Listener, connectionConfig, Notifier, type NotifyMode } from './notify.ts';
import { lastPosition, readAll, readAllPage, readStream, streamRevision } from './read.ts';
import { verifyStreamChain } from './verify.ts';

export interface PostgresEventStoreOptions {
  /** Pool of the database holding the `eventstore` schema (see `eventstoreMigrations`). */
  pool: Pool;
  /** How appends wake `onAppended` listeners; `after-commit` by default (see `NotifyMode`). */
  notify?: NotifyMode;
  /** `after-commit` mode: the least time between two notifications, 20 ms by default. */
  notifyIntervalMs?: number;
  /** End `pool` on `close()` (when the store created it). */
  ownsPool?: boolean;
  /**
   * Commit concurrent appends together (group-commit.ts): one statement and one durable commit
   * per batch. On by default (`DEFAULT_GROUP_COMMIT`); `false` gives every append a
   * transaction of its own.
   */
  groupCommit?: boolean | GroupCommitOptions;
}

/**
 * Two batches in flight, up to 200 appends each. Eight concurrent single-event appends reach
 * 0.75 of raw INSERTs' rate with one batch in flight (it waits for its own flush while the next
 * fills) and 0.85–0.9 with two (one batch's statement runs while the other's commit flushes);
 * a plain append per transaction reaches 0.6 (BENCHMARKS.md, issue 20). A lone append still
 * goes at once, alone, through `eventstore.append`.
 */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxConcurrentBatches: 2 };

type Append = EventStore['append'];

/** How `withGroupCommit` recognises a PostgreSQL store built here: makes its grouped append. */
const GROUPED_APPEND = Symbol('siks.eventstore.groupedAppend');

/** The PostgreSQL adapter of the `EventStore` port (DESIGN.md §4). */
export function createPostgresEventStore(options: PostgresEventStoreOptions): EventStore {
  const { pool } = options;
  const mode = options.notify ?? 'after-commit';
  const notifier =
    mode === 'after-commit' ? new Notifier(connectionConfig(pool), options.notifyIntervalMs ?? 20) : undefined;
  const inTransaction = mode === 'in-transaction';
  const groupedAppend = (groupOptions: GroupCommitOptions): Append => {
    const grouped = createGroupCommit(pool, inTransaction, groupOptions);
    return meteredAppend(async (streamId, events, expected = 'any') => {
      const result = await grouped(streamId, events, expected);
      if (notifier && events.length > 0) notifier.poke(categoryOfStream(streamId));
      return result;
    });
  };
  const plainAppend: Append = meteredAppend(async (streamId, events, expected = 'any') => {
    const result = await appendEvents(pool, streamId, events, expected, inTransaction);
    if (notifier && events.length > 0) notifier.poke(categoryOfStream(streamId));
    return result;
  });
  let listener: Listener | undefined;
  const store: EventStore & { [GROUPED_APPEND]: typeof groupedAppend } = {
    [GROUPED_APPEND]: groupedAppend,
    append:
      options.groupCommit === false
        ? plainAppend
        : groupedAppend(
            options.groupCommit === undefined || options.groupCommit === true
              ? DEFAULT_GROUP_COMMIT
              : options.groupCommit,
          ),
    readStream: (streamId, readOptions) => readStream(pool, streamId, readOptions),
    readAll: (readOptions) => readAll(pool, readOptions),
    readAllPage: (readOptions) => readAllPage(pool, readOptions),
    streamRevision: (streamId) => streamRevision(pool, streamId),
    lastPosition: (readOptions) => lastPosition(pool, readOptions),
    verifyStream: (streamId) => verifyStreamChain(pool, streamId),
    async onAppended(callback, listenOptions) {
      listener ??= new Listener(connectionConfig(pool));
      return listener.add(callback, categoriesOfPrefixes(listenOptions?.streamPrefixes));
    },
    async close() {
      await listener?.close();
      await notifier?.close();
      if (options.ownsPool) await pool.end();
    },
  };
  return store;
}

/**
 * The store with group commit (see `PostgresEventStoreOptions.groupCommit`) for its appends, when
 * it is a PostgreSQL store made by `createPostgresEventStore` (or `createEventStoreFromUrl`);
 * any other store (KurrentDB) is returned as it is. Everything else is the original's (pool,
 * notifications, reads); `close()` closes the original, so whoever owns it closes one of the two.
 */
export function withGroupCommit(store: EventStore, options: GroupCommitOptions = {}): EventStore {
  const make = (store as Partial<Record<typeof GROUPED_APPEND, (options: GroupCommitOptions) => Append>>)[
    GROUPED_APPEND
  ];
  if (!make) return store;
  const append = make(options);
  return {
    append,
    readStream: (streamId, readOptions) => store.readStream(streamId, readOptions),
    readAll: (readOptions) => store.readAll(readOptions),
    readAllPage: (readOptions) => store.readAllPage(readOptions),
    streamRevision: (streamId) => store.streamRevision(streamId),
    lastPosition: (readOptions) => store.lastPosition(readOptions),
    onAppended: (callback, listenOptions) => store.onAppended(callback, listenOptions),
    verifyStream: (streamId) => store.verifyStream(streamId),
    close: () => store.close(),
  };
}
