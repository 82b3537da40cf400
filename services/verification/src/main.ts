import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'verification' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { consumerReadiness, openServicePlatform } = await import('@siks/platform');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'verification');
const logger = createLogger({ service: 'verification', level: config.LOG_LEVEL });
const platform = await openServicePlatform(config, {
  service: 'verification',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const { pool, store, keyring } = platform;
const app = build({ config, pool, store, keyring, logger, verifier: await verifierFromConfig(config) });
const workers = await startWorkers({ platform, config, logger });
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
