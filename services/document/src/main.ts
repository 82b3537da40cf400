import { mkdir } from 'node:fs/promises';
import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'document' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { consumerReadiness, openServicePlatform } = await import('@siks/platform');
const { loadRegions } = await import('@siks/wilayah');
const { blobRootOf, configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { createBlobStore } = await import('./storage/blob-store.ts');
const { build } = await import('./app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'document');
const logger = createLogger({ service: 'document', level: config.LOG_LEVEL });
const platform = await openServicePlatform(config, {
  service: 'document',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const blobRoot = blobRootOf(config);
await mkdir(blobRoot, { recursive: true });
const blobStore = createBlobStore({ root: blobRoot });
// Nothing stages before the server listens: leftovers are a crashed process's partial uploads.
const cleared = await blobStore.clearTemp();
if (cleared > 0) logger.info({ cleared }, 'partial uploads removed');
const workers = await startWorkers({ platform, config, logger, blobStore });
const app = build({
  config,
  platform,
  logger,
  blobStore,
  regions: await loadRegions(),
  verifier: await verifierFromConfig(config),
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
