import { createPool, type Pool } from '@siks/pg';
import { createKurrentEventStore } from './kurrentdb/store.ts';
import type { EventStore } from './port.ts';
import type { NotifyMode } from './postgres/notify.ts';
import { createPostgresEventStore } from './postgres/store.ts';

export interface EventStoreFromUrlOptions {
  /** Notify mode of the PostgreSQL adapter. */
  notify?: NotifyMode;
  /** Pool size when the PostgreSQL adapter creates its own pool; 10 by default. */
  poolSize?: number;
}

const KURRENT_SCHEMES = new Set([
  'kurrentdb',
  'kurrentdb+discover',
  'kurrent',
  'kurrent+discover',
  'kdb',
  'kdb+discover',
  'esdb',
  'esdb+discover',
]);

/** Whether `url` names a KurrentDB server (any scheme `createEventStoreFromUrl` takes for it). */
export function isKurrentDbUrl(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  return scheme !== undefined && KURRENT_SCHEMES.has(scheme);
}

/**
 * The adapter chosen by configuration (DESIGN.md §3), from `EVENTSTORE_URL`:
 * - `postgres://` / `postgresql://`: PostgreSQL; uses `pool` when given (the caller keeps
 *   owning it), otherwise opens its own pool on `url` and ends it on `close()`;
 * - `kurrentdb://`, `kurrentdb+discover://`, `kurrent://`, `kdb://` (and the older `esdb://`,
 *   `esdb+discover://`): KurrentDB.
 */
export function createEventStoreFromUrl(url: string, pool?: Pool, options: EventStoreFromUrlOptions = {}): EventStore {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  const notify = options.notify ? { notify: options.notify } : {};
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      if (pool) return createPostgresEventStore({ pool, ...notify });
      return createPostgresEventStore({
        pool: createPool({ url, max: options.poolSize ?? 10, applicationName: 'siks-eventstore' }),
        ownsPool: true,
        ...notify,
      });
    case 'esdb':
    case 'esdb+discover':
      return createKurrentEventStore({ url: url.replace(/^esdb/i, 'kurrentdb') });
    case 'kurrentdb':
    case 'kurrentdb+discover':
    case 'kurrent':
    case 'kurrent+discover':
    case 'kdb':
    case 'kdb+discover':
      return createKurrentEventStore({ url });
    default:
      throw new Error(
        `event store URL: unsupported scheme ${JSON.stringify(scheme ?? '')} (postgres:// or kurrentdb://)`,
      );
  }
}
