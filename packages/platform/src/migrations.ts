import { busMigrations } from '@siks/bus';
import { eventstoreMigrations, subscriptionMigrations } from '@siks/eventstore';
import type { MigrationSet } from '@siks/pg';
import { piiMigrations } from '@siks/pii';

const isPostgres = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/**
 * The shared schemas a service's database needs: subscription checkpoints, the bus tables
 * (inbox and relay checkpoints live there on every adapter), the PII keyring, and the event
 * store's own tables when the event store is PostgreSQL.
 */
export function platformMigrations(eventstoreUrl?: string): MigrationSet[] {
  const sets: MigrationSet[] = [];
  if (eventstoreUrl === undefined || isPostgres(eventstoreUrl)) sets.push(eventstoreMigrations);
  sets.push(subscriptionMigrations, busMigrations, piiMigrations);
  return sets;
}
