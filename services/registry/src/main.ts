import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'registry' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { consumerReadiness, openServicePlatform } = await import('@siks/platform');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'registry');
const logger = createLogger({ service: 'registry', level: config.LOG_LEVEL });
const platform = await openServicePlatform(config, {
  service: 'registry',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const workers = await startWorkers({ platform, logger });
const { readFile } = await import('node:fs/promises');
// The export signing key never lives in the database: from the environment or a key file.
const exportSigningKey =
  config.EXPORT_SIGNING_KEY ??
  (config.EXPORT_SIGNING_KEY_FILE ? await readFile(config.EXPORT_SIGNING_KEY_FILE, 'utf8') : undefined);
const app = build({
  config,
  platform,
  logger,
  verifier: await verifierFromConfig(config),
  ...(exportSigningKey !== undefined ? { exportSigningKey } : {}),
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
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
