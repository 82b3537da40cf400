import type { Queryable } from '@siks/pg';

/** Column types of the reporting tables, as the arrays of `unnest` are cast. */
export type SqlType = 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean' | 'timestamptz' | 'date' | 'jsonb';

/** A table's columns (name → type) and key, as a row type of the code sees it. */
export interface TableShape<Row> {
  key: readonly (keyof Row & string)[];
  columns: Readonly<Record<keyof Row & string, SqlType>>;
}

/**
 * One array per column (jsonb values as JSON text), for `unnest($1::uuid[], $2::text[], …)`:
 * a batch is one statement and one round trip, and PostgreSQL parses typed arrays about twice as
 * fast as a JSON document of the same rows.
 */
function columnArrays<Row extends object>(rows: readonly Row[], shape: TableShape<Row>): unknown[][] {
  return Object.entries<SqlType>(shape.columns).map(([column, type]) =>
    rows.map((row) => {
      const value = (row as Record<string, unknown>)[column] ?? null;
      return type === 'jsonb' && value !== null ? JSON.stringify(value) : value;
    }),
  );
}

function insertSql<Row>(table: string, shape: TableShape<Row>): string {
  const columns = Object.entries<SqlType>(shape.columns);
  return `INSERT INTO ${table} AS t (${columns.map(([name]) => name).join(', ')})
    SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
}

/**
 * Inserts or replaces rows by key in one statement. `table` is a qualified name from the code
 * (never from input). `where` may guard the update, naming the stored row `t`.
 */
export async function upsertRows<Row extends object>(
  db: Queryable,
  table: string,
  rows: readonly Row[],
  shape: TableShape<Row>,
  where?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const updates = Object.keys(shape.columns).filter((column) => !(shape.key as readonly string[]).includes(column));
  const set = `(${updates.join(', ')}) = ROW(${updates.map((column) => `EXCLUDED.${column}`).join(', ')})`;
  await db.query(
    `${insertSql(table, shape)} ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET ${set}${where ? ` WHERE ${where}` : ''}`,
    columnArrays(rows, shape),
  );
}

/** Inserts rows, skipping those whose key exists (idempotent appends of per-event rows). */
export async function insertRows<Row extends object>(
  db: Queryable,
  table: string,
  rows: readonly Row[],
  shape: TableShape<Row>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `${insertSql(table, shape)} ON CONFLICT (${shape.key.join(', ')}) DO NOTHING`,
    columnArrays(rows, shape),
  );
}

/** Loads rows by key as plain JSON objects (timestamps as ISO text), keyed by `key`. */
export async function loadRows<Row extends object>(
  db: Queryable,
  table: string,
  key: string,
  ids: readonly string[],
  castAs = 'uuid',
): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (ids.length === 0) return found;
  const result = await db.query<{ row: Row & Record<string, unknown> }>(
    `SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${key} = ANY($1::${castAs}[])`,
    [ids],
  );
  for (const { row } of result.rows) found.set(String(row[key]), row);
  return found;
}

/**
 * Adds `delta` to counters keyed by `keyColumns`, then deletes counters that reached zero (so a
 * counter table holds the same rows however its events were batched).
 */
export async function addToCounters(
  db: Queryable,
  table: string,
  keyColumns: readonly { name: string; type: SqlType }[],
  deltas: ReadonlyMap<string, { key: readonly unknown[]; delta: number }>,
): Promise<void> {
  const entries = [...deltas.values()].filter((entry) => entry.delta !== 0);
  if (entries.length === 0) return;
  const names = keyColumns.map((column) => column.name);
  const arrays = keyColumns.map((_, i) => entries.map((entry) => entry.key[i]));
  const unnest = `unnest(${keyColumns.map((column, i) => `$${i + 1}::${column.type}[]`).join(', ')}, $${keyColumns.length + 1}::int[])`;
  await db.query(
    `INSERT INTO ${table} AS c (${names.join(', ')}, n) SELECT * FROM ${unnest}
     ON CONFLICT (${names.join(', ')}) DO UPDATE SET n = c.n + EXCLUDED.n`,
    [...arrays, entries.map((entry) => entry.delta)],
  );
  await db.query(
    `DELETE FROM ${table} c USING ${unnest} AS k(${names.join(', ')}, delta)
     WHERE ${names.map((name) => `c.${name} = k.${name}`).join(' AND ')} AND c.n = 0`,
    [...arrays, entries.map((entry) => entry.delta)],
  );
}

/** Accumulates counter deltas by key (a row leaving one key and entering another). */
export class CounterDeltas {
  readonly entries = new Map<string, { key: readonly unknown[]; delta: number }>();

  add(key: readonly unknown[] | undefined, delta: number): void {
    if (key === undefined) return;
    const id = JSON.stringify(key);
    const entry = this.entries.get(id);
    if (entry) entry.delta += delta;
    else this.entries.set(id, { key, delta });
  }

  move(before: readonly unknown[] | undefined, after: readonly unknown[] | undefined): void {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    this.add(before, -1);
    this.add(after, +1);
  }
}
