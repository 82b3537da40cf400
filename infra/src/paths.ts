import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = (): string => resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export interface Layout {
  /** `./.data` (or `SIKS_DATA_DIR`): everything the embedded default keeps between runs. */
  dataDir: string;
  /** The PostgreSQL cluster. */
  pgDir: string;
  /** Dev signing keys and the PII keys. */
  keysDir: string;
}

export function layout(env: Readonly<Record<string, string | undefined>> = process.env): Layout {
  const dataDir = resolve(env['SIKS_DATA_DIR'] ?? resolve(repoRoot(), '.data'));
  return { dataDir, pgDir: resolve(dataDir, 'pg'), keysDir: resolve(dataDir, 'keys') };
}

/** Port of the embedded PostgreSQL (`SIKS_PG_PORT`, default 54320). */
export const embeddedPgPort = (env: Readonly<Record<string, string | undefined>> = process.env): number =>
  Number(env['SIKS_PG_PORT'] ?? 54320);

/** The embedded default's database: one database, one schema per component. */
export const EMBEDDED_DATABASE = 'siks';

/** Superuser URL of the embedded server (user and password of `@siks/testing`'s `startPostgres`). */
export const embeddedAdminUrl = (port: number): string => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

/** URL of the embedded default's database. */
export const embeddedDatabaseUrl = (port: number): string =>
  `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
