import type { MigrationSet } from '@siks/pg';

/**
 * The checkpoint table of `startSubscription`, for the SUBSCRIBER's own database (where its
 * read model lives), so a batch's effects and its checkpoint commit in one transaction.
 */
export const subscriptionMigrations: MigrationSet = {
  component: 'eventstore_checkpoints',
  migrations: [
    {
      id: '001_checkpoints',
      sql: `CREATE TABLE IF NOT EXISTS public.eventstore_checkpoints (
        subscription_id text        NOT NULL PRIMARY KEY,
        position        text        NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );`,
    },
  ],
};
