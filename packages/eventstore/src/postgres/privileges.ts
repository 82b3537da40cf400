import type { MigrationSet } from '@siks/pg';

const APPEND = 'eventstore.append(text, bigint, uuid[], text, boolean)';
const APPEND_MANY = 'eventstore.append_many(text[], bigint[], integer[], uuid[], text[], boolean)';

/**
 * Least privilege for the event store (apply after `eventstoreMigrations`, in the production
 * layout where services connect as their own roles): the append functions run with their
 * owner's rights (SECURITY DEFINER, fixed search_path), so a service role needs no INSERT,
 * UPDATE or DELETE on `eventstore.events` or `eventstore.streams` — grant it USAGE on the schema
 * and SELECT on the tables only, and a raw INSERT by it is refused while appends still work.
 * The embedded default runs everything as one superuser, which privileges do not bind: there
 * this changes nothing. A later migration that re-creates either function with CREATE OR
 * REPLACE drops SECURITY DEFINER again and must repeat these statements.
 */
export const eventstorePrivilegeMigrations: MigrationSet = {
  component: 'eventstore_privileges',
  migrations: [
    {
      id: '001_append_only_through_functions',
      sql: `
ALTER FUNCTION ${APPEND} SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION ${APPEND_MANY} SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON eventstore.events, eventstore.streams FROM PUBLIC;
REVOKE USAGE, UPDATE ON SEQUENCE eventstore.position_seq FROM PUBLIC;`,
    },
  ],
};
