import type { MigrationSet } from '@siks/pg';

/** The document service's own tables live in the `document` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'document',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS document' }],
};
