import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'intake' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { openServicePlatform } = await import('@siks/platform');
const { loadRegions } = await import('@siks/wilayah');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'intake');
const logger = createLogger({ service: 'intake', level: config.LOG_LEVEL });
const platform = await openServicePlatform(config, {
  service: 'intake',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const running = platform;
const regions = await loadRegions();
const app = build({
  config,
  platform: running,
  logger,
  regions,
  windows: config.PROPOSAL_WINDOWS,
  verifier: await verifierFromConfig(config),
});
const workers = await startWorkers({ platform: running, logger, windows: config.PROPOSAL_WINDOWS });
await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  onShutdown: [
    { name: 'workers', close: () => workers.stop() },
    { name: 'platform', close: () => running.close() },
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
