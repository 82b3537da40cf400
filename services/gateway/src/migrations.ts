import type { MigrationSet } from '@siks/pg';

/** The gateway service's own tables live in the `gateway` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'gateway',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS gateway' }],
};
