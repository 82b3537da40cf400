import { busMigrations } from '@siks/bus';
import { eventstoreMigrations, subscriptionMigrations } from '@siks/eventstore';
import { migrate, type MigrationSet, type Pool } from '@siks/pg';
import { piiMigrations } from '@siks/pii';

const isPostgres = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** Host, port and database of a postgres:// URL: two URLs that differ only in the user reach one database. */
const databaseOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
};

/** Whether `other` (a postgres:// URL, or unset) names the same database as `databaseUrl`. */
export function sameDatabase(databaseUrl: string, other: string | undefined): boolean {
  return other === undefined || other === databaseUrl || databaseOf(other) === databaseOf(databaseUrl);
}

/** Where the shared schemas live, when not all in the service's own database. */
export interface PlatformLocations {
  /** The service's own database (`DATABASE_URL`); without it every schema is taken to live there. */
  databaseUrl?: string | undefined;
  /** `KEYRING_URL`: the subject keys in a database of their own. */
  keyringUrl?: string | undefined;
}

/**
 * The shared schemas a service's database needs: subscription checkpoints, the bus tables
 * (inbox and relay checkpoints live there on every adapter), the PII keyring unless it lives in
 * a keyring database (`KEYRING_URL`), and the event store's own tables when the event store is
 * PostgreSQL in the same database.
 */
export function platformMigrations(eventstoreUrl?: string, locations: PlatformLocations = {}): MigrationSet[] {
  const { databaseUrl, keyringUrl } = locations;
  const sets: MigrationSet[] = [];
  const storeHere =
    eventstoreUrl === undefined || databaseUrl === undefined || sameDatabase(databaseUrl, eventstoreUrl);
  if ((eventstoreUrl === undefined || isPostgres(eventstoreUrl)) && storeHere) sets.push(eventstoreMigrations);
  sets.push(subscriptionMigrations, busMigrations);
  if (databaseUrl === undefined || sameDatabase(databaseUrl, keyringUrl)) sets.push(piiMigrations);
  return sets;
}

/**
 * Applies `sets` on a database the service shares with others (the event store's, the
 * keyring's) only when some migration is missing. In the production layout their owner applies
 * them (`infra/src/layout.ts`) and a service role may only read the migrations table: it must
 * not even try, since `migrate` begins with a CREATE TABLE it may not run.
 */
export async function migrateShared(pool: Pool, sets: readonly MigrationSet[]): Promise<void> {
  const present = await pool.query<{ present: boolean }>(
    `SELECT to_regclass('public.siks_migrations') IS NOT NULL AS present`,
  );
  if (present.rows[0]?.present) {
    const { rows } = await pool.query<{ component: string; id: string }>(
      'SELECT component, id FROM public.siks_migrations',
    );
    const applied = new Set(rows.map((row) => `${row.component}/${row.id}`));
    const missing = sets.some((set) => set.migrations.some((m) => !applied.has(`${set.component}/${m.id}`)));
    if (!missing) return;
  }
  await migrate(pool, sets);
}
