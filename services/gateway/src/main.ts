import { startTelemetry } from '@siks/service-kit/telemetry';

// Telemetry starts first: its instrumentation must be in place before http, pg and fastify load,
// hence the dynamic imports below.
const telemetry = await startTelemetry({ serviceName: 'gateway' });
const { createLogger, createTokenVerifier, loadConfigOrExit, runService, verifierFromConfig } = await import(
  '@siks/service-kit'
);
const { createPool, migrate } = await import('@siks/pg');
const { loadRegions } = await import('@siks/wilayah');
const { configSchema } = await import('./config.ts');
const { migrations } = await import('./migrations.ts');
const { build } = await import('./app.ts');
const { createTokenIssuer, publicKeyOf } = await import('./auth/issuer.ts');
const { seedDemoUsers } = await import('./users/demo.ts');
const { openUserLog } = await import('./users/open-user-log.ts');

// The gateway signs: its own public key verifies its tokens, so JWT_PRIVATE_KEY alone is enough.
const env = { ...process.env };
if (env['JWT_PRIVATE_KEY'] && !env['JWT_PUBLIC_KEY'] && !env['JWKS_URL']) {
  try {
    env['JWT_PUBLIC_KEY'] = publicKeyOf(env['JWT_PRIVATE_KEY']);
  } catch {
    process.stderr.write('gateway: JWT_PRIVATE_KEY is not an Ed25519 private key (PEM or base64)\n');
    process.exit(1);
  }
}
const config = loadConfigOrExit(configSchema, 'gateway', env);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
const issuer = config.JWT_PRIVATE_KEY
  ? await createTokenIssuer({
      privateKey: config.JWT_PRIVATE_KEY,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    })
  : undefined;
if (!issuer) logger.warn('JWT_PRIVATE_KEY is not set: login is unavailable');
const verifier = issuer
  ? await createTokenVerifier({
      publicKey: issuer.publicKey,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    })
  : await verifierFromConfig(config);

const pool = createPool({ url: config.DATABASE_URL, max: config.DATABASE_POOL_MAX, applicationName: 'siks-gateway' });
let userLog: Awaited<ReturnType<typeof openUserLog>>;
try {
  const applied = await migrate(pool, [migrations]);
  // User administration is recorded in the event store (contracts users/events.ts).
  userLog = await openUserLog(pool, config.DATABASE_URL, config.EVENTSTORE_URL);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  if (config.SIKS_DEMO_USERS) {
    const seeded = await seedDemoUsers({
      pool,
      regions: loadRegions,
      now: () => new Date(),
      password: config.SIKS_DEMO_PASSWORD,
      dataDir: config.SIKS_DATA_DIR,
      nodeEnv: config.NODE_ENV,
      log: userLog.log,
    });
    // User names only: the passwords are in the file (mode 0600), never in the log.
    if (seeded.created.length > 0) {
      logger.info(
        { users: seeded.created.map((user) => user.username), file: seeded.file },
        'demo users created; their passwords are in the file',
      );
    }
    if (seeded.reset.length > 0) logger.info({ users: seeded.reset }, 'demo users set to SIKS_DEMO_PASSWORD');
  }
} catch (error) {
  logger.fatal({ err: error }, 'gateway start-up failed');
  await pool.end();
  process.exit(1);
}
const app = build({ config, pool, logger, verifier, issuer, userLog: userLog.log });
await runService({
  app,
  port: config.PORT,
  host: config.HOST,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  onShutdown: [
    { name: 'user log', close: () => userLog.close() },
    { name: 'database pool', close: () => pool.end() },
    { name: 'telemetry', close: () => telemetry.shutdown() },
  ],
});
