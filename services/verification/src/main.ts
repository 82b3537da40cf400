import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'verification' });
const { createLogger, loadConfigOrExit, runService, verifierFromConfig } = await import('@siks/service-kit');
const { createPool, migrate } = await import('@siks/pg');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');

const config = loadConfigOrExit(configSchema, 'verification');
const logger = createLogger({ service: 'verification', level: config.LOG_LEVEL });
const pool = createPool({
  url: config.DATABASE_URL,
  max: config.DATABASE_POOL_MAX,
  applicationName: 'siks-verification',
});
try {
  const applied = await migrate(pool, [migrations]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
} catch (error) {
  logger.fatal({ err: error }, 'migrations failed');
  await pool.end();
  process.exit(1);
}
const app = build({ config, pool, logger, verifier: await verifierFromConfig(config) });
await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  onShutdown: [
    { name: 'database pool', close: () => pool.end() },
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
