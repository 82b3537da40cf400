import type { Pool } from './pool.ts';

export interface StatisticsKeeperOptions {
  pool: Pool;
  /** Tables to keep analysed, schema-qualified (`verification.proposals`); names from code, never from input. */
  tables: readonly string[];
  /** A table is stale once this many rows changed since its last ANALYZE… (default 1,000) */
  minChangedRows?: number;
  /** …and at least this fraction of its rows (default 0.2). */
  changedFraction?: number;
  /** Looks at the tables at most this often (default 1,000 ms). */
  minIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface StatisticsKeeper {
  /** Says the tables may have changed: looks soon (unless it looked within `minIntervalMs`), never waits. */
  poke(): void;
  /** Waits for a look or ANALYZE in progress; later pokes do nothing. */
  stop(): Promise<void>;
}

// Rows changed since the last ANALYZE (manual or automatic), against the live rows as they
// stood then; pg_stat_user_tables is updated by each backend about once a second.
const STALE_SQL = `SELECT t.schemaname, t.relname FROM pg_stat_user_tables t
  WHERE t.relid = ANY (SELECT to_regclass(name) FROM unnest($1::text[]) AS name)
    AND t.n_mod_since_analyze >= greatest($2::bigint, $3::float8 * greatest(t.n_live_tup - t.n_mod_since_analyze, 0))`;

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Keeps the planner statistics of tables that grow fast current. Autovacuum visits a database
 * once a minute (`autovacuum_naptime`) and analyses a table after a tenth of it changed; a read
 * model filled from a stream can grow tenfold in that minute (a burst, a catch-up), and its
 * queries are then planned for a table a tenth of its size: sequential scans where an index
 * probe was meant. After a poke, this looks at the tables' change counters (one cheap query, at
 * most once per `minIntervalMs`) and runs ANALYZE on those that changed by a fifth since their
 * last one, on a pool connection, outside the caller's transaction and without delaying it.
 */
export function createStatisticsKeeper(options: StatisticsKeeperOptions): StatisticsKeeper {
  const { pool, tables } = options;
  const minChangedRows = options.minChangedRows ?? 1000;
  const changedFraction = options.changedFraction ?? 0.2;
  const minIntervalMs = options.minIntervalMs ?? 1000;
  let running: Promise<void> | undefined;
  let lastLook = -Infinity;
  let stopped = false;

  const look = async (): Promise<void> => {
    const { rows } = await pool.query<{ schemaname: string; relname: string }>(STALE_SQL, [
      tables,
      minChangedRows,
      changedFraction,
    ]);
    for (const row of rows) {
      if (stopped) return;
      await pool.query(`ANALYZE ${quoteIdent(row.schemaname)}.${quoteIdent(row.relname)}`);
    }
  };

  return {
    poke() {
      if (stopped || running || Date.now() - lastLook < minIntervalMs) return;
      lastLook = Date.now();
      running = look()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          running = undefined;
        });
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
