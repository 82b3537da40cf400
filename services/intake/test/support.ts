import { uuidv7, type HouseholdData, type RecordedEvent } from '@siks/contracts';
import { createPool, migrate } from '@siks/pg';
import { createTestPlatform, type Platform } from '@siks/platform';
import {
  createLogger,
  createTokenVerifier,
  generateSigningKeys,
  loadConfig,
  mintToken,
  type ServiceApp,
  type UserRole,
} from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { loadRegions } from '@siks/wilayah';
import { afterAll } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { household, makeNik, member } from '../src/proposals/test-fixtures.ts';
import { startWorkers, type Workers } from '../src/workers.ts';

export const VILLAGE = '52.02.01.2012';
export const OTHER_VILLAGE = '52.02.01.1001';
export const REGENCY = '52.02';

/** Inside the additions window (15th–22nd), 10:00 WITA. */
export const IN_WINDOW = new Date('2025-06-17T02:00:00Z');

export interface Intake {
  app: ServiceApp;
  platform: Platform;
  workers: Workers;
  url: string;
  /** The app's clock; tests move it. */
  setNow(date: Date): void;
  token(role?: UserRole, region?: string, options?: { sub?: string; expired?: boolean }): Promise<string>;
  /** Bearer headers for a role (default: the village operator). */
  auth(role?: UserRole, region?: string, sub?: string): Promise<Record<string, string>>;
  /** Polls `check` until it returns something truthy (read models are eventually consistent). */
  eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs?: number): Promise<T>;
}

/**
 * A real intake: its own test database, a test platform, the app and its workers. `options.keys`
 * fixes the PII keys; `options.adapt` changes the platform the app and workers use (a keyring
 * switched to another blind-index key, as after a restart with new settings).
 */
export async function startIntake(
  env: Record<string, string> = {},
  options: { keys?: Parameters<typeof createTestPlatform>[2]; adapt?: (platform: Platform) => Platform } = {},
): Promise<Intake> {
  const url = await useTestDatabase('intake');
  // Tests need no durability: commits that do not wait for the disk keep the suite fast.
  const admin = createPool({ url, max: 1, applicationName: 'intake-test-setup' });
  await admin.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET synchronous_commit = off`);
  await admin.end();
  const created = await createTestPlatform(url, 'intake-test', options.keys);
  const platform = options.adapt ? options.adapt(created) : created;
  await migrate(platform.pool, [migrations]);
  const keys = await generateSigningKeys();
  const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
  const config = loadConfig(configSchema, {
    DATABASE_URL: url,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    HTTP_RATE_LIMIT_PER_MINUTE: '0',
    HTTP_BODY_LIMIT_BYTES: String(64 * 1024),
    ...env,
  });
  let now = IN_WINDOW;
  const clock = (): Date => now;
  const logger = createLogger({
    service: 'intake',
    level: process.env['TEST_LOG_LEVEL'] === 'debug' ? 'debug' : 'silent',
  });
  const app = build({ config, platform, verifier, regions: await loadRegions(), clock, logger });
  // Deferred submissions and the key sweep run when a test calls them (workers.int.test.ts).
  const workers = await startWorkers({
    platform,
    clock,
    logger,
    pollIntervalMs: 50,
    deferredSubmissionIntervalMs: 24 * 3_600_000,
    idempotencySweepIntervalMs: 24 * 3_600_000,
  });
  afterAll(async () => {
    await app.close();
    await workers.stop();
    await created.close();
  });
  const token = async (
    role: UserRole = 'operator_desa',
    region = VILLAGE,
    options: { sub?: string; expired?: boolean } = {},
  ): Promise<string> =>
    mintToken(
      keys.privateKey,
      { sub: options.sub ?? `${role}-1`, role, region, name: 'Petugas Uji' },
      options.expired ? { expiresIn: 60, now: new Date(Date.now() - 2 * 3_600_000) } : { expiresIn: '1h' },
    );
  return {
    app,
    platform,
    workers,
    url,
    setNow: (date) => {
      now = date;
    },
    token,
    auth: async (role, region, sub) => ({
      authorization: `Bearer ${await token(role, region, sub ? { sub } : {})}`,
    }),
    async eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** A valid household of three whose NIKs are unique for each `n` (n < 3000). */
export function uniqueHousehold(n: number, overrides: Partial<HouseholdData> = {}): HouseholdData {
  const serial = (k: number): string => String(n * 3 + k + 1).padStart(4, '0');
  return household({
    members: [
      member({ nik: makeNik('1980-03-12', 'male', serial(0)) }),
      member({
        nik: makeNik('1984-07-25', 'female', serial(1)),
        name: 'Baiq Siti',
        relationship: 'istri_suami',
        sex: 'female',
        birthDate: '1984-07-25',
        occupation: 'mengurus_rumah_tangga',
      }),
      member({
        nik: makeNik('2010-01-05', 'male', serial(2)),
        name: 'Lalu Fajar',
        relationship: 'anak',
        birthDate: '2010-01-05',
        maritalStatus: 'belum_kawin',
        occupation: 'pelajar_mahasiswa',
      }),
    ],
    ...overrides,
  });
}

/** `POST /v1/intake/proposals` body of a new household. */
export const newHouseholdBody = (n: number, extra: Record<string, unknown> = {}) => ({
  proposal: { type: 'new_household', household: uniqueHousehold(n) },
  ...extra,
});

/** Counts the events of proposal streams in the store (a write that must not happen shows here). */
export async function countProposalEvents(platform: Platform): Promise<number> {
  const { rows } = await platform.pool.query<{ count: string }>(
    `SELECT count(*) AS count FROM eventstore.events WHERE stream_id LIKE 'proposal-%'`,
  );
  return Number(rows[0]?.count ?? 0);
}

/** A `multipart/form-data` body: text fields and one file part named `file`. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; content: Buffer | string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----siks${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A `verification.cases.v1` event as verification's relay publishes it (a decision on a case). */
export function caseEvent(
  proposalId: string,
  type: string,
  data: Record<string, unknown> = {},
  eventId = uuidv7(),
): RecordedEvent {
  const now = new Date().toISOString();
  return {
    eventId,
    type,
    schemaVersion: 1,
    data: { proposalId, ...data },
    metadata: {
      actor: { userId: 'ver-1', role: 'verifikator_kabkota', regionCode: REGENCY },
      channel: 'system',
      occurredAt: now,
      correlationId: `case-${proposalId}`,
      causationId: null,
      ...(typeof data['reason'] === 'string' ? { reason: data['reason'] } : {}),
    },
    streamId: `case-${proposalId}`,
    revision: 0,
    logPosition: '1:1',
    recordedAt: now,
    hash: '00',
  };
}
