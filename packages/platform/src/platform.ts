import { randomBytes } from 'node:crypto';
import {
  createBusFromUrl,
  kafkaSecurityFromSettings,
  observeConsumerLag,
  parseBusUrl,
  startRelay,
  watchConsumers,
  type Bus,
  type ConsumerWatch,
  type KafkaConsumerTuning,
  type KafkaSecurity,
  type KafkaSecuritySettings,
  type Relay,
} from '@siks/bus';
import { createEventStoreFromUrl, eventstoreMigrations, type EventStore } from '@siks/eventstore';
import { createPool, migrate, type Pool } from '@siks/pg';
import { createKeyring, decodeKey, parsePreviousMasterKeys, piiMigrations, type Keyring } from '@siks/pii';
import { migrateShared, platformMigrations, sameDatabase } from './migrations.ts';
import { topicSpecs } from './topics.ts';

/** What every service stands on: its database, the event store, the bus and the keyring. */
export interface Platform {
  pool: Pool;
  store: EventStore;
  bus: Bus;
  keyring: Keyring;
  /** The consumer groups started on `bus`: their lag, and whether they are stuck (`/health/ready`). */
  consumers: ConsumerWatch;
  /** Forwards the service's own streams to its topic (DESIGN.md §2); stop it before `close`. */
  startRelay(topic: string, streamPrefixes: readonly string[]): Relay;
  close(): Promise<void>;
}

export interface PlatformConfig extends KafkaSecuritySettings {
  DATABASE_URL: string;
  DATABASE_POOL_MAX?: number;
  EVENTSTORE_URL?: string | undefined;
  BUS_URL?: string | undefined;
  PII_MASTER_KEY?: string | undefined;
  PII_BLIND_INDEX_KEY?: string | undefined;
  /** The blind-index key before a rotation, while the indexes are re-made (docs/security.md). */
  PII_BLIND_INDEX_KEY_PREVIOUS?: string | undefined;
  /** Version of the master key (default 1) and earlier ones by version, during a rotation. */
  PII_MASTER_KEY_VERSION?: number | undefined;
  PII_PREVIOUS_MASTER_KEYS?: string | undefined;
  /** Kafka bus only: a fetch's longest wait for new messages, ms (default 5000). */
  KAFKA_FETCH_MAX_WAIT_MS?: number | undefined;
  /** Kafka bus only: the consumer groups' session timeout, ms (default 30000). */
  KAFKA_SESSION_TIMEOUT_MS?: number | undefined;
  /**
   * The database of the subject keys (schema `pii`) when they do not live in `DATABASE_URL`'s:
   * in the production layout one keyring database serves every service, so that what one
   * service sealed opens in the others and a forgotten subject is forgotten everywhere
   * (docs/production-layout.md).
   */
  KEYRING_URL?: string | undefined;
}

export interface ConnectOptions {
  /** The service's name: pool application name, relay id, Kafka client id. */
  service: string;
  /** Told about errors the relay and the bus recover from by retrying. */
  onError?: (error: unknown) => void;
}

/**
 * Connects a service to the platform chosen by configuration (DESIGN.md §3): migrates the shared
 * schemas, creates the topics and opens the adapters. Fails fast when the PII keys are missing.
 */
export async function connectPlatform(config: PlatformConfig, options: ConnectOptions): Promise<Platform> {
  if (!config.PII_MASTER_KEY || !config.PII_BLIND_INDEX_KEY) {
    throw new Error('PII_MASTER_KEY and PII_BLIND_INDEX_KEY must be set (32 bytes, base64 each)');
  }
  const busUrl = config.BUS_URL ?? config.DATABASE_URL;
  // TLS and SASL of the Kafka bus (files read here, before any connection is opened).
  const kafkaSecurity = parseBusUrl(busUrl).kind === 'kafka' ? await kafkaSecurityFromSettings(config) : undefined;
  const pool = createPool({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX ?? 10,
    applicationName: `siks-${options.service}`,
  });
  return assemble(pool, {
    service: options.service,
    databaseUrl: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX ?? 10,
    keyringUrl: config.KEYRING_URL,
    eventstoreUrl: config.EVENTSTORE_URL ?? config.DATABASE_URL,
    busUrl,
    masterKey: decodeKey(config.PII_MASTER_KEY, 'PII_MASTER_KEY'),
    masterKeyVersion: config.PII_MASTER_KEY_VERSION ?? 1,
    previousMasterKeys: parsePreviousMasterKeys(config.PII_PREVIOUS_MASTER_KEYS),
    blindIndexKey: decodeKey(config.PII_BLIND_INDEX_KEY, 'PII_BLIND_INDEX_KEY'),
    ...(config.PII_BLIND_INDEX_KEY_PREVIOUS
      ? { previousBlindIndexKey: decodeKey(config.PII_BLIND_INDEX_KEY_PREVIOUS, 'PII_BLIND_INDEX_KEY_PREVIOUS') }
      : {}),
    kafka: kafkaTuning(config),
    ...(kafkaSecurity ? { kafkaSecurity } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

/** Consumer settings of the Kafka bus from configuration: heartbeats every tenth of the session. */
function kafkaTuning(config: PlatformConfig): KafkaConsumerTuning {
  const session = config.KAFKA_SESSION_TIMEOUT_MS ?? 30_000;
  return {
    sessionTimeoutMs: session,
    heartbeatIntervalMs: Math.max(100, Math.min(3_000, Math.floor(session / 10))),
    maxWaitTimeMs: config.KAFKA_FETCH_MAX_WAIT_MS ?? 5_000,
  };
}

/** A platform on a test database: PostgreSQL adapters and fresh random keys unless `keys` names them. */
export function createTestPlatform(
  databaseUrl: string,
  service = 'test',
  keys: { masterKey?: Buffer; blindIndexKey?: Buffer; previousBlindIndexKey?: Buffer } = {},
): Promise<Platform> {
  const pool = createPool({ url: databaseUrl, max: 12, applicationName: `siks-${service}` });
  return assemble(pool, {
    service,
    eventstoreUrl: databaseUrl,
    busUrl: databaseUrl,
    masterKey: keys.masterKey ?? randomBytes(32),
    blindIndexKey: keys.blindIndexKey ?? randomBytes(32),
    ...(keys.previousBlindIndexKey ? { previousBlindIndexKey: keys.previousBlindIndexKey } : {}),
    pollIntervalMs: 50,
  });
}

interface AssembleOptions {
  service: string;
  /** The service's own database; with `poolMax`, set when the event store or keyring may live elsewhere. */
  databaseUrl?: string;
  poolMax?: number;
  keyringUrl?: string | undefined;
  eventstoreUrl: string;
  busUrl: string;
  masterKey: Buffer;
  masterKeyVersion?: number;
  previousMasterKeys?: ReadonlyMap<number, Buffer>;
  blindIndexKey: Buffer;
  previousBlindIndexKey?: Buffer;
  onError?: (error: unknown) => void;
  pollIntervalMs?: number;
  kafka?: KafkaConsumerTuning;
  kafkaSecurity?: KafkaSecurity;
}

async function assemble(pool: Pool, options: AssembleOptions): Promise<Platform> {
  const databaseUrl = options.databaseUrl;
  // The event store and the keyring get pools of their own when they live in other databases
  // (the production layout); those databases are migrated by their owner, or here if behind.
  const separateStore =
    databaseUrl !== undefined &&
    /^postgres(ql)?:/i.test(options.eventstoreUrl) &&
    !sameDatabase(databaseUrl, options.eventstoreUrl);
  const keyringUrl =
    databaseUrl !== undefined && !sameDatabase(databaseUrl, options.keyringUrl) ? options.keyringUrl : undefined;
  const owned: Pool[] = [];
  const storePool = separateStore
    ? createPool({
        url: options.eventstoreUrl,
        max: options.poolMax ?? 10,
        applicationName: `siks-${options.service}-eventstore`,
      })
    : pool;
  const keyPool = keyringUrl
    ? createPool({ url: keyringUrl, max: 4, applicationName: `siks-${options.service}-keyring` })
    : pool;
  if (storePool !== pool) owned.push(storePool);
  if (keyPool !== pool) owned.push(keyPool);
  try {
    await migrate(pool, platformMigrations(options.eventstoreUrl, { databaseUrl, keyringUrl }));
    if (separateStore) await migrateShared(storePool, [eventstoreMigrations]);
    if (keyringUrl) await migrateShared(keyPool, [piiMigrations]);
  } catch (error) {
    await Promise.all([pool, ...owned].map((p) => p.end().catch(() => undefined)));
    throw error;
  }
  const store = createEventStoreFromUrl(options.eventstoreUrl, storePool);
  const consumers = watchConsumers(
    createBusFromUrl(options.busUrl, pool, {
      clientId: `siks-${options.service}`,
      postgres: {
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      },
      kafka: {
        ...(options.kafka ? { consumer: options.kafka } : {}),
        ...(options.kafkaSecurity ? { security: options.kafkaSecurity } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      },
    }),
  );
  const bus = consumers.bus;
  observeConsumerLag(consumers);
  await bus.ensureTopics(topicSpecs);
  const keyring = createKeyring({
    pool: keyPool,
    masterKey: options.masterKey,
    blindIndexKey: options.blindIndexKey,
    previousBlindIndexKey: options.previousBlindIndexKey,
    ...(options.masterKeyVersion !== undefined ? { masterKeyVersion: options.masterKeyVersion } : {}),
    ...(options.previousMasterKeys ? { previousMasterKeys: options.previousMasterKeys } : {}),
  });
  const relays: Relay[] = [];
  return {
    pool,
    store,
    bus,
    keyring,
    consumers,
    startRelay(topic, streamPrefixes) {
      const relay = startRelay({
        store,
        bus,
        pool,
        relayId: `${options.service}:${topic}`,
        topic,
        streamPrefixes,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      });
      relays.push(relay);
      return relay;
    },
    async close() {
      await Promise.all(relays.map((relay) => relay.stop()));
      await bus.close();
      await store.close();
      await Promise.all(owned.map((p) => p.end()));
      await pool.end();
    },
  };
}
