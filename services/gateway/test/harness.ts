import { createPostgresEventStore, eventstoreMigrations, type EventStore } from '@siks/eventstore';
import { createPool, migrate, type Pool } from '@siks/pg';
import { createTokenVerifier, generateSigningKeys, loadConfig, type ServiceApp } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { createRegions, type Regions } from '@siks/wilayah';
import { afterAll } from 'vitest';
import { build, type Deps } from '../src/app.ts';
import { createTokenIssuer, type TokenIssuer } from '../src/auth/issuer.ts';
import type { ScryptParams } from '../src/auth/password.ts';
import { configSchema, type Config } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { addUser } from '../src/users/new-user.ts';
import type { User } from '../src/users/store.ts';
import { eventStoreUserLog, SYSTEM_ACTOR } from '../src/users/user-log.ts';

/** Cheap scrypt for tests (the cost parameters are stored with each hash, so this is honest). */
export const TEST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };

/** A few real codes of Lombok Tengah and one of another regency: enough for scope tests. */
export const testRegions = (): Regions =>
  createRegions({
    provinces: [
      { code: '52', name: 'Nusa Tenggara Barat' },
      { code: '51', name: 'Bali' },
    ],
    regencies: [
      { code: '52.02', name: 'Kabupaten Lombok Tengah' },
      { code: '52.01', name: 'Kabupaten Lombok Barat' },
      { code: '51.01', name: 'Kabupaten Jembrana' },
    ],
    districts: [
      { code: '52.02.01', name: 'Praya' },
      { code: '52.02.02', name: 'Jonggat' },
      { code: '52.01.01', name: 'Gerung' },
    ],
    villages: [
      { code: '52.02.01.1001', name: 'Praya' },
      { code: '52.02.01.1002', name: 'Leneng' },
      { code: '52.02.02.2001', name: 'Barejulat' },
      { code: '52.01.01.2001', name: 'Dasan Geres' },
    ],
  });

/** A settable clock. */
export function testClock(start = new Date('2026-11-20T08:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export interface Harness {
  url: string;
  pool: Pool;
  /** The event store (same database) where user administration is recorded. */
  store: EventStore;
  config: Config;
  issuer: TokenIssuer;
  clock: ReturnType<typeof testClock>;
  /** Every slow-down the login asked for, in ms. */
  sleeps: number[];
  app: ServiceApp;
  /** Builds another app on the same database (e.g. other config). */
  buildApp(env?: Record<string, string>, deps?: Partial<Deps>): ServiceApp;
  createUser(input: {
    username: string;
    role: User['role'];
    regionCode: string;
    password?: string;
    name?: string;
  }): Promise<User>;
  /** An access token for `user`, signed by the issuer. */
  tokenFor(user: Pick<User, 'id' | 'role' | 'regionCode' | 'name'>): Promise<string>;
}

/** A fresh database with the gateway's schema, keys, a fake clock and an app. Closes everything after the file. */
export async function gatewayHarness(env: Record<string, string> = {}): Promise<Harness> {
  const url = await useTestDatabase('gateway');
  const pool = createPool({ url, max: 4, applicationName: 'test-gateway' });
  await migrate(pool, [migrations, eventstoreMigrations]);
  const store = createPostgresEventStore({ pool, notify: 'off' });
  const userLog = eventStoreUserLog(store, () => clock.now());
  const keys = await generateSigningKeys();
  const issuer = await createTokenIssuer({ privateKey: keys.privateKey, ttlSeconds: 300 });
  const clock = testClock();
  const verifier = await createTokenVerifier({ publicKey: keys.publicKey, clock: clock.now });
  const regions = testRegions();
  const sleeps: number[] = [];
  const apps: ServiceApp[] = [];
  const configFor = (extra: Record<string, string>): Config =>
    loadConfig(configSchema, {
      DATABASE_URL: url,
      JWT_PUBLIC_KEY: keys.publicKey,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      LOGIN_RATE_LIMIT_PER_MINUTE: '0',
      CONSOLE_DIR: '/nonexistent/siks-console',
      ...env,
      ...extra,
    });
  const buildApp = (extra: Record<string, string> = {}, deps: Partial<Deps> = {}): ServiceApp => {
    const app = build({
      config: configFor(extra),
      pool,
      verifier,
      issuer,
      now: clock.now,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      regions: async () => regions,
      scrypt: TEST_SCRYPT,
      userLog,
      ...deps,
    });
    apps.push(app);
    return app;
  };
  const app = buildApp();
  afterAll(async () => {
    await Promise.all(apps.map((each) => each.close()));
    await store.close();
    await pool.end();
  });
  return {
    url,
    pool,
    store,
    config: configFor({}),
    issuer,
    clock,
    sleeps,
    app,
    buildApp,
    async createUser(input) {
      const { user } = await addUser(
        { db: pool, log: userLog, regions: async () => regions, now: clock.now, scrypt: TEST_SCRYPT },
        {
          username: input.username,
          name: input.name ?? `Test ${input.username}`,
          role: input.role,
          regionCode: input.regionCode,
          password: input.password ?? 'kata-sandi-uji-123',
        },
        { actor: SYSTEM_ACTOR, channel: 'system' },
      );
      return user;
    },
    async tokenFor(user) {
      return (await issuer.issue(user, clock.now())).accessToken;
    },
  };
}

/** The `Set-Cookie` headers of a response as name → {value, attributes}. */
export function setCookies(headers: Record<string, unknown>): Map<string, { value: string; attributes: string }> {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const cookies = new Map<string, { value: string; attributes: string }>();
  for (const line of list) {
    const [pair = '', ...attributes] = line.split('; ');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), { value: pair.slice(at + 1), attributes: attributes.join('; ') });
  }
  return cookies;
}
