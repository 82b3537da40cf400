import pg from 'pg';

/** Creates `database` on the server of `adminUrl` unless it exists. Returns whether it did. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name "${database}"`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${database}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Whether a PostgreSQL server answers at `url` (connection refused and the like: false). */
export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
