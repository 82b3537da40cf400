import type { MigrationSet } from '@siks/pg';

/** The reporting service's own tables live in the `reporting` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'reporting',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS reporting' }],
};
