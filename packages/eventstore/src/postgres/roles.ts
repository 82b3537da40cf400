/**
 * Grants of the production layout (docs/production-layout.md): the event store's database and
 * schema belong to one owner role; a service role reads the log and appends only through the
 * store's functions, which run with the owner's rights (SECURITY DEFINER). A service role holds
 * no INSERT, UPDATE, DELETE or TRUNCATE on the tables and, not owning them, cannot disable the
 * append-only trigger either.
 */

/** The functions a service calls to append; they run as the owner. */
export const APPEND_FUNCTIONS = ['append', 'append_many', 'enter_append'] as const;

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

const checkRole = (role: string): string => {
  if (!ROLE.test(role)) throw new Error(`unsafe role name "${role}"`);
  return role;
};

/**
 * SQL for the owner of the `eventstore` schema to run after the store's migrations (again after
 * each later one: CREATE OR REPLACE FUNCTION resets SECURITY DEFINER). Idempotent.
 */
export function eventStoreGrantsSql(serviceRoles: readonly string[]): string {
  const roles = serviceRoles.map(checkRole);
  const names = APPEND_FUNCTIONS.map((name) => `'${name}'`).join(', ');
  const grants = roles.flatMap((role) => [
    `GRANT USAGE ON SCHEMA eventstore TO ${role};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA eventstore TO ${role};`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA eventstore TO ${role};`,
  ]);
  return `
REVOKE ALL ON SCHEMA eventstore FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA eventstore FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA eventstore FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA eventstore FROM PUBLIC;
DO $grants$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
            WHERE p.pronamespace = 'eventstore'::regnamespace AND p.proname IN (${names}) LOOP
    -- Qualified names only inside; pg_temp last so that no temporary object can stand in.
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, pg_temp', f);
  END LOOP;
END
$grants$;
${grants.join('\n')}
`;
}
