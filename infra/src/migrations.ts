import { busMigrations } from '@siks/bus';
import { eventstoreMigrations, subscriptionMigrations } from '@siks/eventstore';
import type { MigrationSet } from '@siks/pg';
import { piiMigrations } from '@siks/pii';

/**
 * The shared schemas of the embedded default (one database): the event store, subscription
 * checkpoints, the bus and the PII keyring. Each service applies its own schema at start
 * (`services/<name>/src/migrations.ts`), so infra never imports a service.
 */
export const sharedMigrations: readonly MigrationSet[] = [
  eventstoreMigrations,
  subscriptionMigrations,
  busMigrations,
  piiMigrations,
];
