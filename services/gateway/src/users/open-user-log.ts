import { createEventStoreFromUrl, eventstoreMigrations } from '@siks/eventstore';
import { createPool, migrate, type Pool } from '@siks/pg';
import { eventStoreUserLog, type UserLog } from './user-log.ts';

const databaseOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
};

/**
 * The user log on the event store at `eventstoreUrl` (default: the gateway's own database, as in
 * the embedded default, where the store's tables are migrated here if missing). Another
 * PostgreSQL database gets a small pool of its own, migrated by its owner (the production
 * layout); a `kurrentdb://` URL its adapter.
 */
export async function openUserLog(
  pool: Pool,
  databaseUrl: string,
  eventstoreUrl: string | undefined,
): Promise<{ log: UserLog; close(): Promise<void> }> {
  const url = eventstoreUrl ?? databaseUrl;
  const postgres = /^postgres(ql)?:/i.test(url);
  const here = postgres && (url === databaseUrl || databaseOf(url) === databaseOf(databaseUrl));
  if (here) await migrate(pool, [eventstoreMigrations]);
  const own = postgres && !here ? createPool({ url, max: 2, applicationName: 'siks-gateway-eventstore' }) : undefined;
  const store = createEventStoreFromUrl(url, own ?? pool);
  return {
    log: eventStoreUserLog(store),
    async close() {
      await store.close();
      await own?.end();
    },
  };
}
