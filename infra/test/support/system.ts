/**
 * The whole system in one process: the five back-end services (intake, document, verification,
 * registry, reporting), each with its own platform (pool, event store, bus, keyring) on ONE
 * database, its app listening on a real socket (port 0) and its workers running — as the
 * embedded default runs them, minus the separate processes. For whole-system tests and the
 * pipeline benchmark only: services never import each other, this file imports them all.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, type MigrationSet } from '@siks/pg';
import { connectPlatform, type Platform } from '@siks/platform';
import {
  createLogger,
  createTokenVerifier,
  generateSigningKeys,
  loadConfig,
  mintToken,
  type Logger,
  type ServiceApp,
  type UserRole,
} from '@siks/service-kit';
import { loadRegions } from '@siks/wilayah';
import * as documentApp from '../../../services/document/src/app.ts';
import * as documentConfig from '../../../services/document/src/config.ts';
import { migrations as documentMigrations } from '../../../services/document/src/migrations.ts';
import { createBlobStore } from '../../../services/document/src/storage/blob-store.ts';
import * as documentWorkers from '../../../services/document/src/workers.ts';
import * as intakeApp from '../../../services/intake/src/app.ts';
import * as intakeConfig from '../../../services/intake/src/config.ts';
import { migrations as intakeMigrations } from '../../../services/intake/src/migrations.ts';
import * as intakeWorkers from '../../../services/intake/src/workers.ts';
import * as registryApp from '../../../services/registry/src/app.ts';
import * as registryConfig from '../../../services/registry/src/config.ts';
import { migrations as registryMigrations } from '../../../services/registry/src/migrations.ts';
import * as registryWorkers from '../../../services/registry/src/workers.ts';
import * as reportingApp from '../../../services/reporting/src/app.ts';
import * as reportingConfig from '../../../services/reporting/src/config.ts';
import { migrations as reportingMigrations } from '../../../services/reporting/src/migrations.ts';
import * as reportingWorkers from '../../../services/reporting/src/workers.ts';
import * as verificationApp from '../../../services/verification/src/app.ts';
import * as verificationConfig from '../../../services/verification/src/config.ts';
import { migrations as verificationMigrations } from '../../../services/verification/src/migrations.ts';
import * as verificationWorkers from '../../../services/verification/src/workers.ts';

export const SERVICE_NAMES = ['intake', 'document', 'verification', 'registry', 'reporting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface SystemOptions {
  databaseUrl: string;
  /** Every service's bus (default: `databaseUrl`, the bus in PostgreSQL). */
  busUrl?: string;
  /** Variables of the bus besides its URL (`SystemBus.env`: the Kafka consumer settings). */
  busEnv?: Record<string, string>;
  /** The clock of every service (default: the system clock). */
  now?: () => Date;
  /** Connections per service pool (default 10). */
  poolMax?: number;
  /** pino level of every service (default: silent; `SYSTEM_LOG_LEVEL` overrides). */
  logLevel?: string;
  /** Extra environment per service (e.g. `{ reporting: { REPORTS_BATCH_SIZE: '200' } }`). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** The PII keys (base64, 32 bytes each; default: fresh random ones), e.g. a deployment's for `pnpm siks seed`. */
  piiKeys?: { master: string; blindIndex: string };
  /**
   * Whether reporting's projections follow the bus live (default true). `pnpm siks seed` turns
   * them off and catches them up afterwards by rebuilding each (large batches, one pass).
   */
  reportingWorkers?: boolean;
}

export interface System {
  /** Base URL (`http://127.0.0.1:<port>`) of each service. */
  urls: Record<ServiceName, string>;
  platforms: Record<ServiceName, Platform>;
  apps: Record<ServiceName, ServiceApp>;
  /** The document service's blob folder (removed by `close`). */
  blobRoot: string;
  /** A bearer token of the system's signing key. */
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  /** Stops the apps, then the workers, then the platforms. */
  close(): Promise<void>;
}

interface Running {
  app: ServiceApp;
  platform: Platform;
  workers: { stop(): Promise<void> };
}

/**
 * Starts every service on `databaseUrl` (a fresh database: each service migrates its schema).
 * The PII keys are shared, as in a deployment: blind indexes and sealed blocks cross services.
 */
export async function startSystem(options: SystemOptions): Promise<System> {
  const keys = await generateSigningKeys();
  const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
  const regions = await loadRegions();
  const blobRoot = await mkdtemp(join(tmpdir(), 'siks-system-blobs-'));
  const level = process.env['SYSTEM_LOG_LEVEL'] ?? options.logLevel ?? 'silent';
  const base = {
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_MAX: String(options.poolMax ?? 10),
    JWT_PUBLIC_KEY: keys.publicKey,
    PII_MASTER_KEY: options.piiKeys?.master ?? randomBytes(32).toString('base64'),
    PII_BLIND_INDEX_KEY: options.piiKeys?.blindIndex ?? randomBytes(32).toString('base64'),
    LOG_LEVEL: level,
    HTTP_RATE_LIMIT_PER_MINUTE: '0',
  };
  const envOf = (name: ServiceName): Record<string, string> => ({ ...base, ...options.env?.[name] });
  const logger = (service: ServiceName): Logger => createLogger({ service, level: level as 'silent' });
  const now = options.now;
  const running = new Map<ServiceName, Running>();

  const open = async (name: ServiceName, migrations: MigrationSet): Promise<Platform> => {
    const env = envOf(name);
    const platform = await connectPlatform(
      {
        DATABASE_URL: env['DATABASE_URL']!,
        DATABASE_POOL_MAX: Number(env['DATABASE_POOL_MAX']),
        BUS_URL: options.busUrl,
        ...kafkaSettings(options.busEnv ?? {}),
        PII_MASTER_KEY: env['PII_MASTER_KEY'],
        PII_BLIND_INDEX_KEY: env['PII_BLIND_INDEX_KEY'],
      },
      { service: name, onError: (error) => logger(name).warn({ err: error }, 'platform error; retrying') },
    );
    await migrate(platform.pool, [migrations]);
    return platform;
  };

  try {
    {
      const config = loadConfig(intakeConfig.configSchema, envOf('intake'));
      const platform = await open('intake', intakeMigrations);
      const log = logger('intake');
      const app = intakeApp.build({
        config,
        platform,
        verifier,
        regions,
        logger: log,
        // As main.ts: the windows of PROPOSAL_WINDOWS (the DOMAIN.md defaults when unset).
        windows: config.PROPOSAL_WINDOWS,
        ...(now ? { clock: now } : {}),
      });
      const workers = await intakeWorkers.startWorkers({
        platform,
        logger: log,
        windows: config.PROPOSAL_WINDOWS,
        ...(now ? { clock: now } : {}),
      });
      running.set('intake', { app, platform, workers });
    }
    {
      const config = loadConfig(documentConfig.configSchema, { ...envOf('document'), BLOB_ROOT: blobRoot });
      const platform = await open('document', documentMigrations);
      const log = logger('document');
      const blobStore = createBlobStore({ root: blobRoot });
      const workers = await documentWorkers.startWorkers({
        platform,
        config,
        blobStore,
        logger: log,
        ...(now ? { now } : {}),
      });
      const app = documentApp.build({
        config,
        platform,
        verifier,
        blobStore,
        regions,
        logger: log,
        ...(now ? { now } : {}),
      });
      running.set('document', { app, platform, workers });
    }
    {
      const config = loadConfig(verificationConfig.configSchema, envOf('verification'));
      const platform = await open('verification', verificationMigrations);
      const log = logger('verification');
      const { pool, store, keyring } = platform;
      const app = verificationApp.build({
        config,
        pool,
        store,
        keyring,
        verifier,
        logger: log,
        ...(now ? { now } : {}),
      });
      const workers = await verificationWorkers.startWorkers({
        platform,
        config,
        logger: log,
        ...(now ? { now } : {}),
      });
      running.set('verification', { app, platform, workers });
    }
    {
      const config = loadConfig(registryConfig.configSchema, envOf('registry'));
      const platform = await open('registry', registryMigrations);
      const log = logger('registry');
      const workers = await registryWorkers.startWorkers({ platform, logger: log, ...(now ? { now } : {}) });
      const app = registryApp.build({ config, platform, verifier, logger: log, ...(now ? { now } : {}) });
      running.set('registry', { app, platform, workers });
    }
    {
      const config = loadConfig(reportingConfig.configSchema, envOf('reporting'));
      const platform = await open('reporting', reportingMigrations);
      const log = logger('reporting');
      const app = reportingApp.build({
        config,
        pool: platform.pool,
        bus: platform.bus,
        regions,
        verifier,
        logger: log,
        ...(now ? { now } : {}),
      });
      const workers =
        options.reportingWorkers === false
          ? { stop: async () => undefined }
          : await reportingWorkers.startWorkers({
              pool: platform.pool,
              bus: platform.bus,
              logger: log,
              batchSize: config.REPORTS_BATCH_SIZE,
              checkIntervalMs: config.REPORTS_LAG_SAMPLE_MS,
            });
      running.set('reporting', { app, platform, workers });
    }
    const urls = {} as Record<ServiceName, string>;
    for (const [name, service] of running) {
      const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
      urls[name] = address;
    }
    const pick = <T>(get: (service: Running) => T): Record<ServiceName, T> =>
      Object.fromEntries([...running].map(([name, service]) => [name, get(service)])) as Record<ServiceName, T>;
    return {
      urls,
      platforms: pick((service) => service.platform),
      apps: pick((service) => service.app),
      blobRoot,
      token: (role, region, userId = `${role}-${region}`) =>
        mintToken(keys.privateKey, { sub: userId, role, region, name: 'Petugas Uji' }, { expiresIn: '2h' }),
      close: () => stopAll(running, blobRoot),
    };
  } catch (error) {
    await stopAll(running, blobRoot).catch(() => undefined);
    throw error;
  }
}

const kafkaSettings = (env: Record<string, string>) => ({
  ...(env['KAFKA_FETCH_MAX_WAIT_MS'] ? { KAFKA_FETCH_MAX_WAIT_MS: Number(env['KAFKA_FETCH_MAX_WAIT_MS']) } : {}),
  ...(env['KAFKA_SESSION_TIMEOUT_MS'] ? { KAFKA_SESSION_TIMEOUT_MS: Number(env['KAFKA_SESSION_TIMEOUT_MS']) } : {}),
});

async function stopAll(running: Map<ServiceName, Running>, blobRoot: string): Promise<void> {
  const services = [...running.values()];
  await Promise.allSettled(services.map((service) => service.app.close()));
  await Promise.allSettled(services.map((service) => service.workers.stop()));
  await Promise.allSettled(services.map((service) => service.platform.close()));
  running.clear();
  await rm(blobRoot, { recursive: true, force: true });
}
