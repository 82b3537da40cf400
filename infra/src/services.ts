import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { encodeKeyForEnv } from '@siks/service-kit';
import type { DevKeys } from './keys.ts';
import type { ServiceSpec } from './supervisor.ts';

/** The services of the embedded default and their default ports (`SIKS_<NAME>_PORT` overrides). */
export const SERVICES = [
  { name: 'intake', port: 3001 },
  { name: 'document', port: 3002 },
  { name: 'verification', port: 3003 },
  { name: 'registry', port: 3004 },
  { name: 'reporting', port: 3005 },
  { name: 'gateway', port: 3000 },
] as const;

type Env = Readonly<Record<string, string | undefined>>;

const portOf = (name: string, fallback: number, env: Env): number => {
  const value = env[`SIKS_${name.toUpperCase()}_PORT`];
  return value ? Number(value) : fallback;
};

/** Where the launcher builds the console and the gateway serves it from (`CONSOLE_DIR` overrides). */
export const consoleDirOf = (dataDir: string, env: Env): string => env['CONSOLE_DIR'] ?? join(dataDir, 'console');

/** Where the embedded default keeps the registry's export signing key (created by the launcher). */
export const exportSigningKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'export-signing.pem');

/** Each service's process: its entry and the environment the launcher gives it. */
export function serviceSpecs(options: {
  root: string;
  databaseUrl: string;
  /** Every service's `BUS_URL` (default: `databaseUrl`, the bus in PostgreSQL). */
  busUrl?: string;
  keys: DevKeys;
  dataDir: string;
  env: Env;
}): ServiceSpec[] {
  const { env, keys } = options;
  const ports = Object.fromEntries(SERVICES.map(({ name, port }) => [name, portOf(name, port, env)]));
  // The launcher's environment passes through, except a signing key: only the gateway signs.
  const inherited = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'JWT_PRIVATE_KEY',
    ),
  );
  const shared: Record<string, string> = {
    ...inherited,
    NODE_ENV: env['NODE_ENV'] ?? 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: env['LOG_LEVEL'] ?? 'info',
    DATABASE_URL: options.databaseUrl,
    EVENTSTORE_URL: options.databaseUrl,
    BUS_URL: options.busUrl ?? options.databaseUrl,
    JWT_PUBLIC_KEY: encodeKeyForEnv(keys.jwtPublicKey),
    PII_MASTER_KEY: keys.piiMasterKey,
    PII_BLIND_INDEX_KEY: keys.piiBlindIndexKey,
    SIKS_DATA_DIR: options.dataDir,
  };
  const urls = Object.fromEntries(
    SERVICES.filter(({ name }) => name !== 'gateway').map(({ name }) => [
      `${name.toUpperCase()}_URL`,
      `http://127.0.0.1:${ports[name]}`,
    ]),
  );
  return SERVICES.map(({ name }) => ({
    name,
    port: ports[name] ?? 0,
    entry: join(options.root, 'services', name, 'src', 'main.ts'),
    env: {
      ...shared,
      PORT: String(ports[name]),
      // Behind the gateway every request comes from 127.0.0.1: the services (listening on loopback
      // only) take the client address from the gateway's X-Forwarded-For for their rate limits,
      // trusting it from loopback only.
      ...(name === 'gateway' ? {} : { TRUST_PROXY: env['TRUST_PROXY'] ?? 'loopback' }),
      ...(name === 'gateway'
        ? {
            ...urls,
            JWT_PRIVATE_KEY: encodeKeyForEnv(keys.jwtPrivateKey),
            CONSOLE_DIR: consoleDirOf(options.dataDir, env),
            // The embedded default is a demo: the gateway creates the Lombok Tengah demo users on
            // first start (credentials in <SIKS_DATA_DIR>/demo-users.txt; SIKS_DEMO_PASSWORD fixes them).
            SIKS_DEMO_USERS: env['SIKS_DEMO_USERS'] ?? 'true',
            // Administrators may enrol a second factor: a dev key for its secrets, derived from the dev
            // PII master key so that .data/keys needs no new file (production sets its own).
            AUTH_TOTP_KEY: env['AUTH_TOTP_KEY'] ?? devTotpKey(keys.piiMasterKey),
          }
        : {}),
      // The registry signs cut-off exports with a key of its own (docs/cutoff-export.md).
      ...(name === 'registry' && env['EXPORT_SIGNING_KEY'] === undefined
        ? { EXPORT_SIGNING_KEY_FILE: env['EXPORT_SIGNING_KEY_FILE'] ?? exportSigningKeyPath(options.dataDir) }
        : {}),
    },
  }));
}

/** The embedded default's `AUTH_TOTP_KEY`: HKDF of the dev PII master key (never used in production). */
const devTotpKey = (piiMasterKey: string): string =>
  Buffer.from(hkdfSync('sha256', Buffer.from(piiMasterKey, 'base64'), '', 'siks.dev.auth-totp', 32)).toString('base64');
