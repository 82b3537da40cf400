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

/**
 * The indexes of several tables of the schema, by table, in one round trip: a rebuild's
 * statements about its tables are few and batched, since every round trip waits for a CPU the
 * machine may be short of.
 */
async function indexesOf(client: PoolClient, tables: readonly string[]): Promise<Map<string, IndexInfo[]>> {
  const result = await client.query<{ table: string; name: string; definition: string; primary: boolean }>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition,
            x.indisprimary AS primary
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) ORDER BY i.relname`,
    [SCHEMA, tables],
  );
  const out = new Map<string, IndexInfo[]>(tables.map((table) => [table, []]));
  for (const { table, ...row } of result.rows) {
    out.get(table)?.push({ ...row, shape: row.definition.replace(/INDEX \S+ ON \S+/, 'INDEX ON T') });
  }
  return out;
}

async function primaryKeys(client: PoolClient, tables: readonly string[]): Promise<Map<string, string>> {
  const result = await client.query<{ table: string; definition: string }>(
    `SELECT t.relname AS table, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) AND c.contype = 'p'`,
    [SCHEMA, tables],
  );
  return new Map(result.rows.map((row) => [row.table, row.definition]));
}

/** Runs statements built from the code's own names (never from input) in one round trip. */
async function runAll(client: PoolClient, statements: readonly string[]): Promise<void> {
  if (statements.length > 0) await client.query(statements.join(';\n'));
}

/** The statements creating, on `table`'s shadow, the indexes of the live table that `which` selects and it lacks. */
function missingIndexes(
  table: string,
  live: readonly IndexInfo[],
  shadow: readonly IndexInfo[],
  which: (name: string) => boolean,
): string[] {
  return live
    .filter(
      (index) => !index.primary && which(index.name) && !shadow.some((existing) => existing.shape === index.shape),
    )
    .map((index) =>
      index.definition.replace(
        /INDEX \S+ ON \S+/,
        `INDEX ${quote(`${index.name}${SHADOW_SUFFIX}`)} ON ${SCHEMA}.${shadowOf(table)}`,
      ),
    );
}

/**
 * Creates empty shadow copies of a projection's tables (`<table>__next`) with the live
 * tables' columns, defaults, constraints and primary key, dropping any left by an interrupted
 * rebuild. Their other indexes come later (`indexShadowTables`): a bulk build at the end is
 * much cheaper than keeping them up to date row by row during the catch-up.
 */
export async function createShadowTables(client: PoolClient, projection: Projection): Promise<void> {
  const tables = allTables(projection);
  const keys = await primaryKeys(client, tables);
  const indexes = await indexesOf(client, tables);
  const applyIndex = (name: string): boolean => projection.applyIndexes?.includes(name) ?? false;
  await runAll(
    client,
    tables.flatMap((table) => {
      const key = keys.get(table);
      return [
        `DROP TABLE IF EXISTS ${SCHEMA}.${shadowOf(table)}`,
        `CREATE TABLE ${SCHEMA}.${shadowOf(table)} (LIKE ${SCHEMA}.${table} INCLUDING ALL EXCLUDING INDEXES)`,
        ...(key ? [`ALTER TABLE ${SCHEMA}.${shadowOf(table)} ADD ${key}`] : []),
        ...missingIndexes(table, indexes.get(table) ?? [], [], applyIndex),
      ];
    }),
  );
}

/** Builds the shadow tables' indexes (those `which` selects) as the live tables have them. */
export async function indexShadowTables(
  client: PoolClient,
  projection: Projection,
  which: (name: string) => boolean = () => true,
): Promise<void> {
  const tables = allTables(projection);
  const indexes = await indexesOf(client, [...tables, ...tables.map(shadowOf)]);
  await runAll(
    client,
    tables.flatMap((table) =>
      missingIndexes(table, indexes.get(table) ?? [], indexes.get(shadowOf(table)) ?? [], which),
    ),
  );
}

export async function dropShadowTables(client: PoolClient, projection: Projection): Promise<void> {
  await runAll(
    client,
    allTables(projection).map((table) => `DROP TABLE IF EXISTS ${SCHEMA}.${shadowOf(table)}`),
  );
}

/**
 * Replaces each live table with its shadow, inside the caller's transaction: drops the live
 * table, renames the shadow to the live name and gives its indexes (and so its primary key
 * constraint) the live names, so the next rebuild copies the same names again.
 */
export async function replaceLiveTables(client: PoolClient, projection: Projection): Promise<void> {
  const tables = allTables(projection);
  const indexes = await indexesOf(client, [...tables, ...tables.map(shadowOf)]);
  const statements: string[] = [];
  for (const table of tables) {
    const liveIndexes = [...(indexes.get(table) ?? [])];
    const renames: [string, string][] = [];
    for (const index of indexes.get(shadowOf(table)) ?? []) {
      const match = liveIndexes.findIndex((candidate) => candidate.shape === index.shape);
      if (match < 0) continue;
      renames.push([index.name, liveIndexes[match]!.name]);
      liveIndexes.splice(match, 1);
    }
    statements.push(
      `DROP TABLE ${SCHEMA}.${table}`,
      `ALTER TABLE ${SCHEMA}.${shadowOf(table)} RENAME TO ${table}`,
      ...renames.map(([from, to]) => `ALTER INDEX ${SCHEMA}.${quote(from)} RENAME TO ${quote(to)}`),
    );
  }
  await runAll(client, statements);
}
