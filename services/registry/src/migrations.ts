import type { MigrationSet } from '@siks/pg';

/** The registry service's own tables live in the `registry` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'registry',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS registry' }],
};
