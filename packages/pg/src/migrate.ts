import type pg from 'pg';

export interface Migration {
  /** Unique and ordered within its component, e.g. "001_events". Never renamed once shipped. */
  id: string;
  sql: string;
}

export interface MigrationSet {
  /** The component that owns these migrations, e.g. "eventstore". */
  component: string;
  migrations: readonly Migration[];
}

/**
 * Applies the migrations of each set that have not been applied yet, in order, each in its
 * own transaction. Safe to call from several processes at once: an advisory lock serialises
 * runners, and applied ids are recorded in `public.siks_migrations`.
 */
export async function migrate(pool: pg.Pool, sets: readonly MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('siks_migrations'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS public.siks_migrations (
      component text NOT NULL,
      id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, id))`);
    for (const set of sets) {
      const done = await client.query<{ id: string }>('SELECT id FROM public.siks_migrations WHERE component = $1', [
        set.component,
      ]);
      const doneIds = new Set(done.rows.map((row) => row.id));
      for (const migration of set.migrations) {
        if (doneIds.has(migration.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO public.siks_migrations (component, id) VALUES ($1, $2)', [
            set.component,
            migration.id,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${set.component}/${migration.id} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        applied.push(`${set.component}/${migration.id}`);
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('siks_migrations'))`).catch(() => undefined);
    client.release();
  }
  return applied;
}
