import { randomBytes } from 'node:crypto';
import { Topics } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform, type Platform } from '@siks/platform';
import {
  createTokenVerifier,
  generateSigningKeys,
  loadConfig,
  mintToken,
  type ServiceApp,
  type UserRole,
} from '@siks/service-kit';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { CUTOFF_PREFIX, HOUSEHOLD_PREFIX } from '../src/households/streams.ts';
import { readModelPosition } from '../src/read-model/project.ts';
import { startWorkers, type Workers } from '../src/workers.ts';

export interface Harness {
  platform: Platform;
  app: ServiceApp;
  workers: Workers;
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  /** Waits until the approval of `proposalId` has been handled; returns its outcome row. */
  applied(proposalId: string): Promise<{ outcome: string; rule: string | null; household_ids: string[] }>;
  /** Waits until the read models have read every household and cut-off event appended so far. */
  readModelCaughtUp(): Promise<void>;
  close(): Promise<void>;
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('eventually: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The registry on a test database: app, workers (relay, consumer, read model) and intake's relay.
 * `options.keys` fixes the PII keys; `options.adapt` changes the platform the app and workers use.
 */
export async function startHarness(
  url: string,
  env: Readonly<Record<string, string>> = {},
  options: { keys?: Parameters<typeof createTestPlatform>[2]; adapt?: (platform: Platform) => Platform } = {},
): Promise<Harness> {
  const created = await createTestPlatform(url, 'registry', options.keys);
  const platform = options.adapt ? options.adapt(created) : created;
  await migrate(platform.pool, [migrations]);
  const keys = await generateSigningKeys();
  const config = loadConfig(configSchema, {
    DATABASE_URL: url,
    JWT_PUBLIC_KEY: keys.publicKey,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    HTTP_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const app = build({ config, platform, verifier: await createTokenVerifier({ publicKey: keys.publicKey }) });
  // Stands in for the intake service's relay: its streams reach its topic.
  platform.startRelay(Topics.intakeProposals, ['proposal-']);
  const workers = await startWorkers({ platform, pollIntervalMs: 50 });
  return {
    platform,
    app,
    workers,
    token: (role, region, userId = `${role}-${region}`) =>
      mintToken(keys.privateKey, { sub: userId, role, region, name: 'Tester' }, { expiresIn: '1h' }),
    applied: (proposalId) =>
      eventually(async () => {
        const { rows } = await platform.pool.query<{ outcome: string; rule: string | null; household_ids: string[] }>(
          'SELECT outcome, rule, household_ids FROM registry.applications WHERE proposal_id = $1',
          [proposalId],
        );
        return rows[0];
      }),
    readModelCaughtUp: async () => {
      await eventually(async () => {
        const position = await readModelPosition(platform.pool);
        const unread = await platform.store.readAll({
          after: position,
          streamPrefixes: [HOUSEHOLD_PREFIX, CUTOFF_PREFIX],
          maxCount: 1,
        });
        return unread.length === 0 ? true : undefined;
      });
    },
    async close() {
      await app.close();
      await workers.stop();
      await created.close();
    },
  };
}
