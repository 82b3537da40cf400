/**
 * The production layout on one PostgreSQL server (docs/production-layout.md): the event store in
 * a database of its own, the subject keys in a keyring database, one database per service for
 * its read models, and one least-privilege role per service. This module is the setup step: run
 * it as a superuser before the services start (the end-to-end layout test does; a deployment's
 * init step may do the same). It is idempotent: roles and databases that exist are kept,
 * passwords and grants are set again.
 */
import { auditLogMigrations, eventStoreGrantsSql, eventstoreMigrations } from '@siks/eventstore';
import { createPool, migrate, type MigrationSet } from '@siks/pg';
import { piiMigrations } from '@siks/pii';
import pg from 'pg';

export const LAYOUT_SERVICES = ['gateway', 'intake', 'document', 'verification', 'registry', 'reporting'] as const;
export type LayoutService = (typeof LAYOUT_SERVICES)[number];

/** Services on the platform (event store, bus, keyring): all but the gateway, which has users only. */
export const PLATFORM_SERVICES = ['intake', 'document', 'verification', 'registry', 'reporting'] as const;

/** Services that seal or open personal data: they read subject keys and create new ones. */
export const KEYRING_SERVICES = ['intake', 'document', 'verification', 'registry'] as const;
/**
 * Those that may forget a subject (null its key): intake forgets people on request, the document
 * service the documents of their households (docs/security.md "How to forget a person").
 */
export const FORGETTING_SERVICES = ['intake', 'document'] as const;

export interface LayoutOptions {
  /** A superuser's URL on the server (any database). */
  adminUrl: string;
  /** Prepended to every database name (default none: `eventstore`, `keyring`, `intake`, …). */
  databasePrefix?: string;
  /** Prepended to every role name (default `siks_`: `siks_intake`, `siks_eventstore`, …). */
  rolePrefix?: string;
  /** The password of each login role. */
  password(role: string): string;
}

/** `DATABASE_URL`, and for the platform services `EVENTSTORE_URL` and `KEYRING_URL`. */
export type ServiceConnection = Record<string, string> & { DATABASE_URL: string };

export interface ProductionLayout {
  /** Database names: the event store's, the keyring's, and each service's. */
  databases: { eventstore: string; keyring: string } & Record<LayoutService, string>;
  /** Role names: the two owners and each service's. */
  roles: { eventstore: string; keyring: string } & Record<LayoutService, string>;
  /** What each service connects with. */
  services: Record<LayoutService, ServiceConnection>;
  /** The URL of `role` on `database` (the role's password from the options). */
  urlOf(role: string, database: string): string;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const safe = (name: string): string => {
  if (!NAME.test(name)) throw new Error(`unsafe name "${name}"`);
  return name;
};

/** The names and URLs of the layout, without touching the server. */
export function describeLayout(options: LayoutOptions): ProductionLayout {
  const dbPrefix = options.databasePrefix ?? '';
  const rolePrefix = options.rolePrefix ?? 'siks_';
  const names = (prefix: string) =>
    Object.fromEntries(
      ['eventstore', 'keyring', ...LAYOUT_SERVICES].map((name) => [name, safe(`${prefix}${name}`)]),
    ) as ProductionLayout['databases'];
  const databases = names(dbPrefix);
  const roles = names(rolePrefix);
  const urlOf = (role: string, database: string): string => {
    const url = new URL(options.adminUrl);
    url.username = role;
    url.password = options.password(role);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const services = Object.fromEntries(
    LAYOUT_SERVICES.map((name) => {
      const role = roles[name];
      const connection: ServiceConnection = { DATABASE_URL: urlOf(role, databases[name]) };
      // Every service appends to the event store (the gateway: user administration); only the
      // platform services open sealed personal data.
      connection['EVENTSTORE_URL'] = urlOf(role, databases.eventstore);
      if (name !== 'gateway') connection['KEYRING_URL'] = urlOf(role, databases.keyring);
      return [name, connection];
    }),
  ) as Record<LayoutService, ServiceConnection>;
  return { databases, roles, services, urlOf };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrations applied by the owner role (the objects are the owner's, not the superuser's). */
async function migrateAs(url: string, sets: readonly MigrationSet[]): Promise<void> {
  const pool = createPool({ url, max: 1, applicationName: 'siks-layout' });
  try {
    await migrate(pool, sets);
  } finally {
    await pool.end();
  }
}

/**
 * Creates (or brings up to date) the roles, the databases, the event store's and the keyring's
 * schemas, and the grants. The services' own databases stay empty: each service migrates its
 * schema at start, as the owner of its database.
 */
export async function setUpProductionLayout(options: LayoutOptions): Promise<ProductionLayout> {
  const layout = describeLayout(options);
  const { databases, roles } = layout;
  const platformRoles = PLATFORM_SERVICES.map((name) => roles[name]);
  // The gateway appends user administration (contracts users/events.ts) but holds no subject keys.
  const eventStoreRoles = [...platformRoles, roles.gateway];
  const keyringRoles = KEYRING_SERVICES.map((name) => roles[name]);
  const adminOn = (database: string): string => {
    const url = new URL(options.adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };

  await withClient(options.adminUrl, async (client) => {
    for (const role of Object.values(roles)) {
      const password = client.escapeLiteral(options.password(role));
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      // NOINHERIT/NOCREATEDB/NOCREATEROLE are the defaults; said anyway, since this is the point.
      await client.query(
        `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`,
      );
    }
    const owners: [string, string][] = [
      [databases.eventstore, roles.eventstore],
      [databases.keyring, roles.keyring],
      ...LAYOUT_SERVICES.map((name): [string, string] => [databases[name], roles[name]]),
    ];
    for (const [database, owner] of owners) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists.rowCount) await client.query(`CREATE DATABASE ${database} OWNER ${owner}`);
      else await client.query(`ALTER DATABASE ${database} OWNER TO ${owner}`);
      // Nobody but the owner connects, unless granted below (PUBLIC may by default).
      await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    }
    for (const role of eventStoreRoles)
      await client.query(`GRANT CONNECT ON DATABASE ${databases.eventstore} TO ${role}`);
    for (const role of platformRoles) await client.query(`GRANT CONNECT ON DATABASE ${databases.keyring} TO ${role}`);
  });

  // The event store: its owner migrates it, then lets the services read and append through functions.
  // The audit log's tree (schema audit_log) belongs to the same owner, who runs the checkpoint
  // job; reporting only reads it to hand out checkpoints and proofs.
  await migrateAs(layout.urlOf(roles.eventstore, databases.eventstore), [eventstoreMigrations, auditLogMigrations]);
  await withClient(layout.urlOf(roles.eventstore, databases.eventstore), async (client) => {
    await client.query(eventStoreGrantsSql(eventStoreRoles));
    await client.query(`GRANT SELECT ON public.siks_migrations TO ${eventStoreRoles.join(', ')}`);
    await client.query('REVOKE ALL ON SCHEMA audit_log FROM PUBLIC');
    await client.query(`GRANT USAGE ON SCHEMA audit_log TO ${roles.reporting}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA audit_log TO ${roles.reporting}`);
  });

  // The keyring: read and create keys (seal, open) for those that handle personal data; besides
  // the owner, only the forgetting services update a key, and only to forget it (no DELETE).
  const forgetters = FORGETTING_SERVICES.map((name) => roles[name]);
  await migrateAs(layout.urlOf(roles.keyring, databases.keyring), [piiMigrations]);
  await withClient(layout.urlOf(roles.keyring, databases.keyring), async (client) => {
    await client.query('REVOKE ALL ON SCHEMA pii FROM PUBLIC');
    await client.query('REVOKE ALL ON ALL TABLES IN SCHEMA pii FROM PUBLIC');
    await client.query(`GRANT USAGE ON SCHEMA pii TO ${keyringRoles.join(', ')}`);
    await client.query(`GRANT SELECT, INSERT ON pii.subject_keys TO ${keyringRoles.join(', ')}`);
    await client.query(`GRANT UPDATE (wrapped_key, forgotten_at) ON pii.subject_keys TO ${forgetters.join(', ')}`);
    // Blind-index key rotation: every service resolves and records aliases; forgetting a person
    // drops theirs. The re-index progress (pii.blind_index_reindex) is the owner's alone.
    await client.query(`GRANT SELECT, INSERT ON pii.blind_index_aliases TO ${keyringRoles.join(', ')}`);
    await client.query(`GRANT DELETE ON pii.blind_index_aliases TO ${forgetters.join(', ')}`);
    await client.query(`GRANT SELECT ON public.siks_migrations TO ${platformRoles.join(', ')}`);
  });

  // Nothing of anyone else's in the public schema of the shared databases (the default since
  // PostgreSQL 15; said for older servers).
  for (const database of [databases.eventstore, databases.keyring]) {
    await withClient(adminOn(database), (client) => client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC'));
  }
  return layout;
}

/** Drops the layout's databases and roles (tests). */
export async function dropProductionLayout(adminUrl: string, layout: ProductionLayout): Promise<void> {
  await withClient(adminUrl, async (client) => {
    for (const database of Object.values(layout.databases)) {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
    for (const role of Object.values(layout.roles)) await client.query(`DROP ROLE IF EXISTS ${role}`);
  });
}
