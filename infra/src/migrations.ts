import type { MigrationSet } from '@siks/pg';
import { platformMigrations } from '@siks/platform';

/**
 * The shared schemas of the embedded default (one database): the event store, subscription
 * checkpoints, the bus and the PII keyring. Each service applies its own schema at start
 * (`services/<name>/src/migrations.ts`), so infra never imports a service.
 */
export const sharedMigrations: readonly MigrationSet[] = platformMigrations();
