import type { MigrationSet } from '@siks/pg';

/** The verification service's own tables live in the `verification` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'verification',
  migrations: [{ id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS verification' }],
};
