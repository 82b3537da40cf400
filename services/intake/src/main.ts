import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'intake' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { consumerReadiness, openServicePlatform } = await import('@siks/platform');
const { loadRegions } = await import('@siks/wilayah');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { buildWorkersApp } = await import('./workers-app.ts');
const { startWorkers } = await import('./workers.ts');

const config = loadConfigOrExit(configSchema, 'intake');
// INTAKE_ROLE: `all` runs the routes and the background workers in this process; `api` and
// `workers` split them over two processes (the workers' one serves health and metrics only).
const role = config.INTAKE_ROLE;
const logger = createLogger({ service: 'intake', level: config.LOG_LEVEL }).child({ role });
const platform = await openServicePlatform(config, {
  service: 'intake',
  migrations,
  logger,
  onFatal: () => telemetry.shutdown(),
});
const running = platform;
const verifier = await verifierFromConfig(config);
const app =
  role === 'workers'
    ? buildWorkersApp({ config, pool: running.pool, logger, verifier })
    : build({
        config,
        platform: running,
        logger,
        regions: await loadRegions(),
        windows: config.PROPOSAL_WINDOWS,
        verifier,
      });
const workers =
  role === 'api' ? undefined : await startWorkers({ platform: running, logger, windows: config.PROPOSAL_WINDOWS });
// Not ready while this process's consumer groups are stuck or far behind (HEALTH_* thresholds).
app.addReadinessChecks(consumerReadiness(platform, config));
await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  onShutdown: [
    ...(workers ? [{ name: 'workers', close: () => workers.stop() }] : []),
    { name: 'platform', close: () => running.close() },
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
