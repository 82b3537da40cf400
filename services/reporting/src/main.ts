import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'reporting' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { consumerReadiness, openServicePlatform } = await import('@siks/platform');
const { loadRegions } = await import('@siks/wilayah');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'reporting');
const logger = createLogger({ service: 'reporting', level: config.LOG_LEVEL });
const platform = await openServicePlatform(config, {
  service: 'reporting',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const regions = await loadRegions();
// The audit log's tree and checkpoints live beside the event store: a pool of its own when that
// is another PostgreSQL database (the production layout), none when it is not PostgreSQL.
const { createPool } = await import('@siks/pg');
const storeIsPostgres = /^postgres(ql)?:/i.test(config.EVENTSTORE_URL);
const auditLog =
  storeIsPostgres && config.EVENTSTORE_URL !== config.DATABASE_URL
    ? createPool({ url: config.EVENTSTORE_URL, max: 4, applicationName: 'siks-reporting-audit-log' })
    : undefined;
const app = build({
  ...(auditLog ? { auditLog } : {}),
  config,
  pool: platform.pool,
  bus: platform.bus,
  regions,
  logger,
  verifier: await verifierFromConfig(config),
});
const workers = await startWorkers({
  pool: platform.pool,
  bus: platform.bus,
  logger,
  batchSize: config.REPORTS_BATCH_SIZE,
  checkIntervalMs: config.REPORTS_LAG_SAMPLE_MS,
});
// Not ready while this process's consumer groups are stuck or far behind (HEALTH_* thresholds).
app.addReadinessChecks(consumerReadiness(platform, config));
await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  onShutdown: [
    { name: 'workers', close: () => workers.stop() },
    { name: 'platform', close: () => platform.close() },
    ...(auditLog ? [{ name: 'audit log pool', close: () => auditLog.end() }] : []),
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
