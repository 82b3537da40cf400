import type { PoolClient } from '@siks/pg';
import { allTables, SCHEMA, SHADOW_SUFFIX, type Projection } from '../projections/projection.ts';

const shadowOf = (table: string): string => `${table}${SHADOW_SUFFIX}`;
const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

interface IndexInfo {
  name: string;
  definition: string;
  /** The definition without its name and table, to pair a shadow index with the live one it copies. */
  shape: string;
  primary: boolean;
}

async function indexes(client: PoolClient, table: string): Promise<IndexInfo[]> {
  const result = await client.query<{ name: string; definition: string; primary: boolean }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisprimary AS primary
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND t.relname = $2 ORDER BY i.relname`,
    [SCHEMA, table],
  );
  return result.rows.map((row) => ({ ...row, shape: row.definition.replace(/INDEX \S+ ON \S+/, 'INDEX ON T') }));
}

async function primaryKey(client: PoolClient, table: string): Promise<string | undefined> {
  const result = await client.query<{ definition: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND t.relname = $2 AND c.contype = 'p'`,
    [SCHEMA, table],
  );
  return result.rows[0]?.definition;
}

/**
 * Creates empty shadow copies of a projection's tables (`<table>__next`) with the live
 * tables' columns, defaults, constraints and primary key, dropping any left by an interrupted
 * rebuild. Their other indexes come later (`indexShadowTables`): a bulk build at the end is
 * much cheaper than keeping them up to date row by row during the catch-up.
 */
export async function createShadowTables(client: PoolClient, projection: Projection): Promise<void> {
  for (const table of allTables(projection)) {
    await client.query(`DROP TABLE IF EXISTS ${SCHEMA}.${shadowOf(table)}`);
    await client.query(
      `CREATE TABLE ${SCHEMA}.${shadowOf(table)} (LIKE ${SCHEMA}.${table} INCLUDING ALL EXCLUDING INDEXES)`,
    );
    const key = await primaryKey(client, table);
    if (key) await client.query(`ALTER TABLE ${SCHEMA}.${shadowOf(table)} ADD ${key}`);
  }
  await indexShadowTables(client, projection, (name) => projection.applyIndexes?.includes(name) ?? false);
}

/** Builds the shadow tables' indexes (those `which` selects) as the live tables have them. */
export async function indexShadowTables(
  client: PoolClient,
  projection: Projection,
  which: (name: string) => boolean = () => true,
): Promise<void> {
  for (const table of allTables(projection)) {
    const shadow = await indexes(client, shadowOf(table));
    for (const index of await indexes(client, table)) {
      if (index.primary || !which(index.name) || shadow.some((existing) => existing.shape === index.shape)) continue;
      const definition = index.definition.replace(
        /INDEX \S+ ON \S+/,
        `INDEX ${quote(`${index.name}${SHADOW_SUFFIX}`)} ON ${SCHEMA}.${shadowOf(table)}`,
      );
      await client.query(definition);
    }
  }
}

export async function dropShadowTables(client: PoolClient, projection: Projection): Promise<void> {
  for (const table of allTables(projection)) await client.query(`DROP TABLE IF EXISTS ${SCHEMA}.${shadowOf(table)}`);
}

/**
 * Replaces each live table with its shadow, inside the caller's transaction: drops the live
 * table, renames the shadow to the live name and gives its indexes (and so its primary key
 * constraint) the live names, so the next rebuild copies the same names again.
 */
export async function replaceLiveTables(client: PoolClient, projection: Projection): Promise<void> {
  for (const table of allTables(projection)) {
    const liveIndexes = await indexes(client, table);
    const renames: [string, string][] = [];
    for (const index of await indexes(client, shadowOf(table))) {
      const match = liveIndexes.findIndex((candidate) => candidate.shape === index.shape);
      if (match < 0) continue;
      renames.push([index.name, liveIndexes[match]!.name]);
      liveIndexes.splice(match, 1);
    }
    await client.query(`DROP TABLE ${SCHEMA}.${table}`);
    await client.query(`ALTER TABLE ${SCHEMA}.${shadowOf(table)} RENAME TO ${table}`);
    for (const [from, to] of renames) {
      await client.query(`ALTER INDEX ${SCHEMA}.${quote(from)} RENAME TO ${quote(to)}`);
    }
  }
}
