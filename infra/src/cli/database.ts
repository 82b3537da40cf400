import { createPool, type Pool } from '@siks/pg';
import { canConnect } from '../database.ts';
import { embeddedDatabaseUrl, embeddedPgPort } from '../paths.ts';
import type { CliIo } from './io.ts';

/** The database a command works on: the flag, else DATABASE_URL, else the embedded default. */
export function resolveDatabaseUrl(flag: string | undefined, env: CliIo['env']): { url: string; embedded: boolean } {
  if (flag) return { url: flag, embedded: false };
  if (env['DATABASE_URL']) return { url: env['DATABASE_URL'], embedded: false };
  return { url: embeddedDatabaseUrl(embeddedPgPort(env)), embedded: true };
}

const redactPassword = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
};

/** A pool on the resolved database, or an explanation of why it cannot be reached. */
export async function openDatabase(
  flag: string | undefined,
  io: CliIo,
): Promise<{ pool: Pool; url: string } | { error: string }> {
  const { url, embedded } = resolveDatabaseUrl(flag, io.env);
  if (!(await canConnect(url))) {
    return {
      error: embedded
        ? `DATABASE_URL is not set and the embedded PostgreSQL (${redactPassword(url)}) is not answering; start it with \`pnpm start\``
        : `cannot connect to ${redactPassword(url)}`,
    };
  }
  return { pool: createPool({ url, max: 2, applicationName: 'siks-cli' }), url: redactPassword(url) };
}
