import type { MigrationSet } from '@siks/pg';

/** The intake service's own tables live in the `intake` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'intake',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS intake' }],
};
