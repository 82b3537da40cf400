import pg from 'pg';
import { observePool } from './pool-metrics.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// int8 (bigint) columns come back as strings by default; positions and offsets fit in
// Number.MAX_SAFE_INTEGER for any realistic log, but we keep them as strings at the edge
// of the driver and convert explicitly where needed.

export interface PoolOptions {
  /** postgres://… connection string. */
  url: string;
  /** Maximum connections; set per use, never defaulted silently. */
  max: number;
  /** Name shown in pg_stat_activity. */
  applicationName: string;
  /** Per-statement timeout in milliseconds (0 = none). */
  statementTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    application_name: options.applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  observePool(pool, options.applicationName, options.max);
  return pool;
}
