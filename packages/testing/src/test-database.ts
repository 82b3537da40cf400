import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Replaces the database name of a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a fresh, empty database on the server of `adminUrl` and returns its URL.
 * One per test file keeps files independent while they share one server.
 */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/** Drops a database made by `createDatabase`, ending its open connections. */
export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A copy of the database at `sourceUrl` (CREATE DATABASE … TEMPLATE): nobody may be connected
 * to the source meanwhile. Tests use it to tamper with many copies of one honest log.
 */
export async function cloneDatabase(adminUrl: string, sourceUrl: string, prefix = 'copy'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const source = new URL(sourceUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}
